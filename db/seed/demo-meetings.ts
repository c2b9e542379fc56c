/**
 * The demo's round-2 panel meeting. In the review, round 2's drafts were emailed to the panel and
 * then discussed at a meeting in person (worked-example.json, rounds[1].meeting), so the demo
 * meeting is in person, recorded from Roundtable: agenda, attendance, notes, quotes and a quick
 * question. Everything said here is fictional and written for the demo.
 *
 * Plain data only. Panel members are indices into demoPanel; mechanisms are indices into
 * round2Mechanisms. db/seed/index.ts writes it.
 */
import type { PerspectiveValue } from "@/shared/domain";

/** Agenda item: a round-2 mechanism by index, or a free item. */
export type DemoItem = { mechanism: number; minutes: number } | { title: string; minutes: number };

/** A note or quote under an agenda item (by its index in the agenda). */
export type DemoNote = { item: number; body: string; minute: number };
export type DemoQuote = { item: number; body: string; minute: number } & ({ panelIndex: number } | { perspective: PerspectiveValue });

export const demoMeeting: {
  title: string;
  /** Short code of the join link, in the app's code alphabet; the meeting has ended, so it admits no one. */
  shortCode: string;
  /** Days before the seed's "now" it was held, and its length in minutes. */
  daysAgo: number;
  minutes: number;
  agenda: DemoItem[];
  /** Who was there: with a device (joined) or on the facilitator's list (recorded). */
  joined: number[];
  recorded: number[];
  notes: DemoNote[];
  quotes: DemoQuote[];
  question: { item: number; prompt: string; minute: number; answers: { panelIndex: number; body: string }[] };
  /** Panel members who rated from the participant view during the meeting (their round-2 ratings). */
  ratedInMeeting: number[];
  /** A comment written from the participant view during the meeting. */
  comment: { panelIndex: number; mechanism: number; body: string; minute: number };
} = {
  title: "Round 2 panel meeting",
  shortCode: "DEM2RT",
  daysAgo: 17,
  minutes: 120,
  agenda: [
    { title: "Welcome, and what changed since round 1", minutes: 10 },
    { mechanism: 0, minutes: 9 },
    { mechanism: 1, minutes: 9 },
    { mechanism: 2, minutes: 9 },
    { mechanism: 3, minutes: 9 },
    { mechanism: 4, minutes: 7 },
    { mechanism: 5, minutes: 9 },
    { mechanism: 6, minutes: 12 },
    { mechanism: 7, minutes: 9 },
    { mechanism: 8, minutes: 10 },
    { mechanism: 9, minutes: 7 },
    { title: "Anything missing, and what happens next", minutes: 10 },
  ],
  // 15 of the 19: the three service users without email were in the room and put on the list
  // by the facilitator; the others joined from their phones or laptops.
  joined: [0, 1, 2, 4, 5, 7, 10, 11, 12, 15, 16, 18],
  recorded: [6, 8, 9],
  notes: [
    {
      item: 0,
      minute: 6,
      body: "Recapped round 1: ten preliminary mechanisms, Communication dropped as too general, Working with power added from the panel's flag. Drafts had gone out by email a week before.",
    },
    {
      item: 4,
      minute: 47,
      body: "Several people felt clarity has to reach people who use services and carers, not only staff. Agreed to say so in the description.",
    },
    {
      item: 7,
      minute: 72,
      body: "Long discussion. Carers and practitioners both described budget holders deciding without the people affected in the room. Support for keeping the mechanism as it stands, with the say of service users and carers named.",
    },
    {
      item: 9,
      minute: 93,
      body: "The facilitators explained that no included paper supports this one. Practitioners and service users asked strongly for it to stay; we will keep it with a status note.",
    },
    {
      item: 5,
      minute: 55,
      body: "Most saw planning and coordinating as part of creating the conditions for joint work rather than a mechanism of its own.",
    },
  ],
  quotes: [
    {
      item: 1,
      minute: 18,
      panelIndex: 0,
      body: "People come along when they can see the manager really believes in it, not when they are told to.",
    },
    {
      item: 7,
      minute: 66,
      panelIndex: 8,
      body: "When my dad's care was cut, nobody at the table could tell me who had decided. That is what power looks like from where I sit.",
    },
    {
      item: 6,
      minute: 61,
      panelIndex: 11,
      body: "The weaker voice is often social care, but most of the time it is the family.",
    },
    {
      item: 4,
      minute: 44,
      perspective: "service_user",
      body: "Four different people told me four different things about who pays for my carers.",
    },
    {
      item: 9,
      minute: 90,
      perspective: "practitioner",
      body: "If my team are worn out, nothing else on this list is going to happen.",
    },
  ],
  question: {
    item: 11,
    minute: 108,
    prompt: "Is anything missing from this list?",
    answers: [
      { panelIndex: 1, body: "Sharing records between health and social care." },
      { panelIndex: 10, body: "How leaders involve carers in planning, not only in reviews." },
      { panelIndex: 15, body: "Nothing missing for me; the list feels complete." },
      { panelIndex: 5, body: "Money: pooled budgets change how leaders behave." },
    ],
  },
  ratedInMeeting: [1, 10, 12],
  comment: {
    panelIndex: 12,
    mechanism: 6,
    minute: 70,
    body: "Said in the room and worth keeping: the people who hold the budget are rarely the ones at the team meeting.",
  },
};
