import { notFound } from "next/navigation";

export function roundFromParam(n: string): number {
  const number = Number(n);
  if (!Number.isInteger(number) || number < 1 || number > 50) notFound();
  return number;
}
