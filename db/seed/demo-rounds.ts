/**
 * Rounds 2 and 3 of the demo consultation: how the facilitators turned round 1's feedback into
 * the round-2 list, and round 2's into round 3. Mechanism names and the shape of each step
 * (what was merged, added from the panel's flag, kept without evidence) follow the published
 * review of the worked example; every description, rationale and response here is written for
 * this demo. Responses are illustrative and labelled as demo data in the app.
 *
 * Plain data only. Round-1 mechanisms and comments are referred to by their index in
 * demo-content.ts (round1Mechanisms, demoRound1Responses.comments).
 */

/** A decision's feedback: a round-N comment by index, the round's flag by index, or a mechanism's ratings. */
export type DemoSource = { comment: number } | { flag: number } | { ratingsOf: number };

export type DemoDecision =
  | { kind: "keep" | "drop"; rationale: string; sources: DemoSource[] }
  | { kind: "revise"; to: number; rationale: string; sources: DemoSource[] }
  | { kind: "merge"; into: number; rationale: string; sources: DemoSource[] }
  | { kind: "keep_with_note"; statusNote: string; rationale: string; sources: DemoSource[] };

export type DemoMechanism = { name: string; description: string };

// ---------------------------------------------------------------------------
// Round 2: ten mechanisms after round 1 and the wider search
// ---------------------------------------------------------------------------

export const round2Mechanisms: DemoMechanism[] = [
  {
    name: "Inspiring intent to work together",
    description:
      "Nobody can be ordered to collaborate across organisational lines: joint working in integrated care depends on people choosing to take part. Leaders make the case for it again and again, show through their own behaviour that they value colleagues from other professions and sectors, and build the trust, respect and give-and-take that make people willing to try. They pay attention to the professions that tend to stay at the edges, so that everyone joins in, not only the most confident groups.",
  },
  {
    name: "Taking a wider view",
    description:
      "An integrated team sits inside a web of organisations, each with its own pressures, targets and money. Leaders who look beyond their own service understand what their partners are up against, connect with them strategically rather than only when something goes wrong, and plan for the long term. Reading the politics of the system helps them find allies and openings, although the same skill can look like game-playing when it is not used openly.",
  },
  {
    name: "Creating the conditions to work together",
    description:
      "Leaders put in place what joint working needs in order to last: a purpose that staff from every organisation recognise as their own, a shared picture of how the pieces of work fit together, and ways of deciding that invite participation rather than impose control. Accountability is delegated and shared, so that no single profession carries it alone, and arguments over territory lose their heat.",
  },
  {
    name: "Clarifying complexity",
    description:
      "Integrated teams often work with blurred boundaries, overlapping governance and several budgets at once. Leaders make sense of this for their staff: they turn complicated arrangements into simple, well-explained policies, say plainly who can decide what, and keep that picture up to date as structures change, so that nobody is left guessing.",
  },
  {
    name: "Planning and coordinating",
    description:
      "Where several teams contribute to one person's care, leaders line up their plans, timetables and processes so that the pieces fit. They agree who does what across the component teams, spot gaps and duplication early, and keep the joint plan moving when circumstances change.",
  },
  {
    name: "Balancing multiple perspectives",
    description:
      "Health and social care, and the professions within them, do not come to the table as equals: some have long held more money, status or influence. Leaders make room for open and healthy disagreement, deal with conflict before it hardens, and speak up for the party with the weaker voice, so that decisions reflect more than the loudest view.",
  },
  {
    name: "Working with power",
    description:
      "Power runs through every integrated team: in budgets, in professional hierarchies and in who controls information. Leaders who are aware of these dynamics use their own authority with care, share it, or step back when someone else is better placed to lead. Influence earned through respect and credibility tends to bring people along; decisions pushed through by pressure or threat tend to provoke resistance and undo collaboration.",
  },
  {
    name: "Commitment to learning and development",
    description:
      "Leaders treat integration as something a team learns to do. They look to other areas and systems for ideas, support communities of practice that cross professional lines, accept that some attempts will fail and make it safe to say so, and encourage staff to try new ways of working and share what they find.",
  },
  {
    name: "Fostering resilience",
    description:
      "Integrated care teams work under constant pressure from demand, staff shortages and repeated reorganisation. Leaders who look after their own resilience and build support around their staff, through supervision, peer support and realistic expectations, can reduce stress and help people keep going through difficult periods.",
  },
  {
    name: "Adaptability of leadership style",
    description:
      "No single way of leading fits every moment in an integrated team. Leaders change their approach to suit the situation, taking charge in a crisis and stepping back to facilitate when agreement has to be built, drawing on what experience has taught them about the people and organisations involved.",
  },
];

/** Round-2 mechanisms the facilitators added themselves (index → why), besides the flag's. */
export const round2Added: Record<number, string> = {
  4: "Added after the wider search of multi-team systems research, which describes leaders aligning the plans of several component teams.",
  8: "Added after the search of reference lists: several papers describe the relentless pressure on integrated teams and how leaders help people withstand it.",
  9: "Added after the wider search, which describes leaders switching their approach to the situation and drawing on tacit knowledge.",
};

/** Round 2's mechanism accepted from round 1's flag (flag index → round-2 mechanism index). */
export const round1FlagAccepted = {
  flag: 0,
  mechanism: 6,
  reason: "Endorsed by five members of the panel and supported by the wider search. Added to round 2 as Working with power.",
};

/** One decision per round-1 mechanism, in round1Mechanisms order. Comments are round-1 comment indices. */
export const round1Decisions: DemoDecision[] = [
  {
    kind: "merge",
    into: 0,
    rationale:
      "The panel rated trust and relationships as important but too general: they appear in research on leadership of every kind. What is particular to integrated care is trust across organisations that lets people choose to work together, so it is now part of Inspiring intent to work together.",
    sources: [{ comment: 5 }, { comment: 6 }, { ratingsOf: 0 }],
  },
  {
    kind: "revise",
    to: 0,
    rationale:
      "Reframed around why people take part in joint working at all, following the wider search. A researcher asked us to separate working inside one team from working across organisations; the new description is about the second.",
    sources: [{ comment: 11 }, { ratingsOf: 1 }],
  },
  {
    kind: "revise",
    to: 2,
    rationale:
      "A shared purpose is one of several conditions leaders create for joint working. The new description brings those conditions together.",
    sources: [{ ratingsOf: 2 }],
  },
  {
    kind: "merge",
    into: 2,
    rationale:
      "Shared ownership only works when accountability is shared too, as an opinion leader pointed out. Both now sit in Creating the conditions to work together.",
    sources: [{ comment: 10 }],
  },
  {
    kind: "revise",
    to: 7,
    rationale:
      "Renamed to stress a lasting commitment rather than single initiatives, and widened with communities of practice and tolerance of failure from the wider search.",
    sources: [{ ratingsOf: 4 }],
  },
  {
    kind: "drop",
    rationale:
      "Most of the panel found communication too general to stand as a mechanism of leading integrated teams. We also heard that it matters a great deal to people who use services: what is particular to communicating across organisations is now part of Clarifying complexity and Balancing multiple perspectives.",
    sources: [{ comment: 3 }, { comment: 4 }, { ratingsOf: 5 }],
  },
  {
    kind: "revise",
    to: 3,
    rationale:
      "The panel judged this the mechanism most specific to integrated care. Renamed and widened to governance, funding and decision rights, as practitioners described them.",
    sources: [{ comment: 0 }, { comment: 1 }, { comment: 2 }, { ratingsOf: 6 }],
  },
  {
    kind: "revise",
    to: 5,
    rationale:
      "A social work manager asked that balancing needs include whose voice counts, not only workload. The new description names the long-standing imbalance between health and social care.",
    sources: [{ comment: 7 }, { ratingsOf: 7 }],
  },
  {
    kind: "merge",
    into: 5,
    rationale:
      "Speaking up for people who use services, and for the weaker party at the table, is now part of Balancing multiple perspectives. Making the case for the team's resources belongs with Taking a wider view.",
    sources: [{ comment: 8 }],
  },
  {
    kind: "revise",
    to: 1,
    rationale: "Broadened from liaison to long-term, strategic partnerships across the system, as a practitioner asked.",
    sources: [{ comment: 9 }, { ratingsOf: 9 }],
  },
];

/** Illustrative round-2 responses. Mechanism indices refer to round2Mechanisms. */
export const demoRound2Responses: {
  /** Who rated in round 2 (panel indices): 15 of 19. */
  raters: number[];
  /** Typical rating per mechanism; each person's rating varies around it deterministically. */
  typical: number[];
  /** passage: the words of the description a comment is attached to. */
  comments: { panelIndex: number; mechanism: number; body: string; passage?: string; replies?: { panelIndex: number; body: string }[] }[];
  flags: { panelIndex: number; name: string; covers: string; whyItMatters: string; endorsedBy: number[]; declined: string }[];
} = {
  raters: [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 15, 16, 18],
  typical: [5, 4, 5, 5, 4, 4, 5, 4, 4, 3],
  comments: [
    {
      panelIndex: 16,
      mechanism: 4,
      body: "This reads as part of creating the conditions for joint work rather than a mechanism in its own right. Could the two be combined?",
    },
    {
      panelIndex: 4,
      mechanism: 9,
      body: "Every good leader adapts. What is particular to integrated care is adapting to the different organisations around you, which is really what Taking a wider view describes.",
    },
    {
      panelIndex: 1,
      mechanism: 8,
      body: "Please keep this one even if the papers say little about it. Burnout is the biggest risk to my team at the moment.",
      replies: [{ panelIndex: 9, body: "I agree. When the staff are worn out, those of us at home notice it straight away." }],
    },
    {
      panelIndex: 8,
      mechanism: 6,
      body: "Good to see this added. Carers often have the least power of anyone in the room, and the description could say so.",
      passage: "in budgets, in professional hierarchies and in who controls information",
    },
    {
      panelIndex: 10,
      mechanism: 3,
      body: "This is clear for staff, but people who use services also need to know who to call and who decides. Could it mention us too?",
      passage: "Leaders make sense of this for their staff",
    },
    {
      panelIndex: 12,
      mechanism: 5,
      body: "The point about the weaker party is exactly right. In our members' experience it is usually social care.",
    },
  ],
  flags: [
    {
      panelIndex: 13,
      name: "Sharing records and data",
      covers: "Leaders getting separate record systems to share information safely between health and social care.",
      whyItMatters: "Staff lose hours when systems cannot exchange information, and people have to repeat their story.",
      endorsedBy: [1],
      declined:
        "An important condition for integrated care, but about infrastructure rather than what leaders do, and the wider search found no leadership mechanism specific to it. We discuss it in the report instead.",
    },
  ],
};

// ---------------------------------------------------------------------------
// Round 3: eight mechanisms, shown with the evidence
// ---------------------------------------------------------------------------

/** Round-3 text for the round-2 mechanisms that were revised (round-2 index → new text). */
export const round3Revisions: Record<number, DemoMechanism> = {
  1: {
    name: "Taking a wider view",
    description:
      "An integrated team sits inside a web of organisations, each with its own pressures, targets and money. Leaders who look beyond their own service understand what their partners are up against, connect with them strategically rather than only when something goes wrong, and plan for the long term. They adapt how they lead to each setting, drawing on what they know of the people and organisations involved. Reading the politics of the system helps them find allies and openings, although the same skill can look like game-playing when it is not used openly.",
  },
  2: {
    name: "Creating the conditions to work together",
    description:
      "Leaders put in place what joint working needs in order to last: a purpose that staff from every organisation recognise as their own, a shared picture of how the pieces of work fit together, and ways of deciding that invite participation rather than impose control. They make sure the plans and processes of the component teams line up, so that joint work is coordinated rather than left to chance. Accountability is delegated and shared, so that no single profession carries it alone, and arguments over territory lose their heat.",
  },
  3: {
    name: "Clarifying complexity",
    description:
      "Integrated teams often work with blurred boundaries, overlapping governance and several budgets at once. Leaders make sense of this for their staff and for the people who use services: they turn complicated arrangements into simple, well-explained policies, say plainly who can decide what and who to contact, and keep that picture up to date as structures change, so that nobody is left guessing.",
  },
  6: {
    name: "Working with power",
    description:
      "Power runs through every integrated team: in budgets, in professional hierarchies, in who controls information, and in how much say people who use services and their carers have. Leaders who are aware of these dynamics use their own authority with care, share it, or step back when someone else is better placed to lead. Influence earned through respect and credibility tends to bring people along; decisions pushed through by pressure or threat tend to provoke resistance and undo collaboration.",
  },
};

/** One decision per round-2 mechanism, in round2Mechanisms order. Comments are round-2 comment indices. */
export const round2Decisions: DemoDecision[] = [
  {
    kind: "keep",
    rationale: "Rated highly by the panel in round 2 and supported by more papers than any other mechanism. No change needed.",
    sources: [{ ratingsOf: 0 }],
  },
  {
    kind: "revise",
    to: 1,
    rationale: "Now includes adapting one's leadership to the organisations involved, merged in from Adaptability of leadership style.",
    sources: [{ comment: 1 }, { ratingsOf: 1 }],
  },
  {
    kind: "revise",
    to: 2,
    rationale: "Now covers lining up the plans of the component teams, merged in from Planning and coordinating.",
    sources: [{ comment: 0 }],
  },
  {
    kind: "revise",
    to: 3,
    rationale: "A service user asked that clarity reach people who use services as well as staff; the description now says so.",
    sources: [{ comment: 4 }],
  },
  {
    kind: "merge",
    into: 2,
    rationale:
      "Only a handful of the included papers supported it on its own, and the panel saw it as part of creating the conditions for joint work.",
    sources: [{ comment: 0 }, { ratingsOf: 4 }],
  },
  {
    kind: "keep",
    rationale: "Supported by the panel and by the evidence; an opinion leader confirmed the point about the weaker party.",
    sources: [{ comment: 5 }, { ratingsOf: 5 }],
  },
  {
    kind: "revise",
    to: 6,
    rationale: "Names the say that people who use services and carers have, or lack, as a carer suggested.",
    sources: [{ comment: 3 }],
  },
  {
    kind: "keep",
    rationale: "Supported by the panel and by the evidence; no change needed.",
    sources: [{ ratingsOf: 7 }],
  },
  {
    kind: "keep_with_note",
    statusNote: "No empirical evidence was found in the included papers; kept at the panel's request.",
    rationale:
      "The evidence review found no paper supporting it, but practitioners and service users asked strongly for it to stay. We keep it as an idea the panel backs and say so in the report.",
    sources: [{ comment: 2 }, { ratingsOf: 8 }],
  },
  {
    kind: "merge",
    into: 1,
    rationale:
      "Few papers supported it on its own, and the panel saw adapting one's style as part of taking a wider view of the organisations around the team.",
    sources: [{ comment: 1 }],
  },
];

/** Illustrative round-3 responses so far (the round is open). Mechanism indices refer to the round-3 order. */
export const demoRound3Responses: {
  raters: number[];
  typical: number[];
  comments: { panelIndex: number; mechanism: number; body: string }[];
} = {
  raters: [0, 2, 4, 7, 11, 15, 16],
  typical: [5, 4, 5, 5, 5, 5, 4, 4],
  comments: [
    {
      panelIndex: 15,
      mechanism: 5,
      body: "Seeing the evidence next to this one helps. The bit about stepping back when someone else is better placed is the strongest part.",
    },
    {
      panelIndex: 7,
      mechanism: 7,
      body: "I am glad this stayed in. Even without papers behind it, it matches what I see every week.",
    },
  ],
};
