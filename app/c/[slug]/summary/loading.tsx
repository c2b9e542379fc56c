import { Loading } from "@/app/_components/feedback";

export default function SummaryLoading() {
  return (
    <>
      <h1>Feedback summary</h1>
      <Loading what="the summary" />
    </>
  );
}
