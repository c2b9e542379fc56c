/**
 * The evidence base of the demo consultation. The bibliographic facts (reference numbers, first
 * authors, years, titles, venues, DOIs), which sources each mechanism's evidence cites, the
 * published counts and the shape of the seven configurations (mechanism, source, polarity, the
 * sign of each outcome) come from the review as recorded in worked-example.json. Every extract and
 * every configuration text here is written for this demo: the extracts are illustrative summaries
 * of what such a source could say about the mechanism, not quotations, and the demo says so.
 *
 * Plain data only; db/seed/index.ts writes it.
 */
import type { CmoPolarity, EvidenceEffect, SourceKind } from "@/shared/domain";
import workedExample from "./worked-example.json";

export type DemoSource = {
  ref: number;
  authors: string[];
  year: number | null;
  title: string;
  venue: string;
  /** Normalised as the app stores DOIs: lower case, no resolver prefix. */
  doi: string | null;
  kind: SourceKind;
  searchStage: string;
};

/**
 * Publishers of reports rather than journals: think tanks and research foundations. Their
 * reports are grey literature; everything else in the list is a journal article (or, where the
 * fixture gives no venue, a paper the review counted with its empirical studies).
 */
const GREY_PUBLISHERS = ["The Nuffield Trust", "The King's Fund", "National Foundation for Educational Research"];

/**
 * All 27 cited sources were found in the review's second, empirical search (its stage 2, which
 * included 36 papers), so they share one search stage.
 */
export const DEMO_SEARCH_STAGE = "Stage 2: empirical search";

export const demoSources: DemoSource[] = workedExample.sources.map((s) => ({
  ref: s.ref,
  authors: [s.first_author],
  // "2012a" and "2012b" tell two papers of one author apart; the year itself is 2012.
  year: Number.parseInt(s.year, 10) || null,
  title: s.title,
  venue: s.venue ?? "",
  doi: s.doi ? s.doi.toLowerCase() : null,
  kind: s.venue && GREY_PUBLISHERS.includes(s.venue) ? "grey" : "empirical",
  searchStage: DEMO_SEARCH_STAGE,
}));

/** Papers of the review's stage 2 in all (consultation.includedSourceCount). */
export const demoIncludedSourceCount: number = workedExample.stage2_included_papers.length;

/** Published count per mechanism name (mechanism.reportedSourceCount). */
export const demoReportedCounts: Record<string, number> = workedExample.papers_n;

/** Source references cited for each mechanism, by mechanism name. */
export const demoCitedSources: Record<string, number[]> = workedExample.cited_sources;

/**
 * What each cited source says about the mechanism, in our words, keyed "mechanism|ref". Written
 * for the demo from the titles and settings of the papers; illustrative only.
 */
const EXTRACTS: Record<string, string> = {
  // Inspiring intent to work together
  "Inspiring intent to work together|23":
    "In the Trafford programme, senior clinicians and managers who kept explaining why joint working mattered brought sceptical GPs and hospital staff into the new pathways.",
  "Inspiring intent to work together|24":
    "Managers of integrated services ranked the ability to win people over to a shared way of working among the leadership competencies that integration depends on most.",
  "Inspiring intent to work together|25":
    "Staff in multi-agency teams said they committed to joint work when leaders showed, by their own conduct, that they valued the other agencies.",
  "Inspiring intent to work together|26":
    "Partnership leaders who framed the collaboration around a cause members cared about kept volunteers and organisations involved when the work became hard.",
  "Inspiring intent to work together|27":
    "Across four international sites, integration moved forward where respected local leaders argued for it persistently and treated other professions as equals.",
  "Inspiring intent to work together|28":
    "Leaders who built relationships and goodwill across organisational lines are described as an essential enabler of integrated delivery.",
  "Inspiring intent to work together|29":
    "Middle managers were more willing to take on integrated ways of working when senior leaders spent time explaining the reasons and listening to their doubts.",
  "Inspiring intent to work together|30":
    "Leaders who modelled generosity towards other professions helped staff move from guarding their own ground towards working for shared aims.",
  "Inspiring intent to work together|31":
    "Leadership shared among several people in a primary care team helped draw in professionals who would not have responded to one person's instructions.",
  "Inspiring intent to work together|32":
    "In a Japanese community care network, members' willingness to collaborate grew out of leaders' efforts to build mutual respect between professions.",
  "Inspiring intent to work together|33":
    "Partnerships whose leaders inspired and involved their members worked together better, which in turn was associated with more effective chronic care.",
  "Inspiring intent to work together|34":
    "Leaders who encouraged people to learn from each other created the goodwill that integration relies on, more than formal structures did.",
  "Inspiring intent to work together|35":
    "When a Care Trust was formed, open and reassuring leadership from the chief executive helped staff of both former organisations commit to partnership.",

  // Creating the conditions to work together
  "Creating the conditions to work together|24":
    "Setting out a shared vision and clear, shared accountability appears among the organisational competencies managers saw as the groundwork for integration.",
  "Creating the conditions to work together|26":
    "Partnerships lasted where leaders set up inclusive ways of deciding and a purpose every member organisation could claim as its own.",
  "Creating the conditions to work together|31":
    "Spreading leadership across the team made accountability a joint matter and took the heat out of professional turf disputes.",
  "Creating the conditions to work together|36":
    "Governance arrangements that invited participation, rather than imposing control, let integrated services take root in the case sites.",
  "Creating the conditions to work together|37":
    "Joint clinical services held together after the merger where leaders first agreed shared goals and decision rules across both hospital systems.",
  "Creating the conditions to work together|38":
    "When a new system leader imposed a cost-cutting culture the clinical team could not accept, the conditions for joint work broke down: the mechanism seen through its absence.",

  // Balancing multiple perspectives
  "Balancing multiple perspectives|24":
    "Managers saw handling conflict between partner organisations, and hearing each of them out, as a core competency for leading integrated services.",
  "Balancing multiple perspectives|28":
    "Integrated delivery relied on leaders who could hold the interests of several organisations in view and broker agreements between them.",
  "Balancing multiple perspectives|30":
    "Leaders who sat on joint working groups made staff less territorial, but found it hard to stay loyal both to their own team and to the joint effort.",
  "Balancing multiple perspectives|31":
    "Distributed leadership gave quieter professions more room to be heard in decisions about how the team should change.",
  "Balancing multiple perspectives|32":
    "Team members valued leaders who made space for differing professional views and settled disagreements before they soured working relationships.",
  "Balancing multiple perspectives|33":
    "Partnerships in which leaders gave each member organisation a real say reached more synergy than those dominated by one partner.",
  "Balancing multiple perspectives|34":
    "Leaders who surfaced and worked through the different assumptions of health and social care staff helped them build shared knowledge.",
  "Balancing multiple perspectives|36":
    "Governance that balanced the voices of the partner bodies, instead of letting the largest one decide, supported integration at board level.",
  "Balancing multiple perspectives|39":
    "The Northern Ireland experience shows how reform stalls when the views of some parts of the system are repeatedly passed over.",
  "Balancing multiple perspectives|40":
    "Collaboration between GPs and emergency teams improved where leaders acknowledged each side's constraints and dealt openly with friction.",
  "Balancing multiple perspectives|41":
    "Introducing a shared care pathway went more smoothly where team leaders took account of both health and social care staff's concerns.",
  "Balancing multiple perspectives|42":
    "Learning across the health and social care divide depended on leaders treating both cultures' knowledge as equally valid.",
  "Balancing multiple perspectives|43":
    "Coordination worked better when leaders adjusted it to the needs of the different groups involved rather than applying one standard to all.",
  "Balancing multiple perspectives|44":
    "Social workers still felt that general practice set the terms of joint working, even where managers tried to even things out; balancing alone did not shift the hierarchy.",

  // Working with power
  "Working with power|25":
    "Multi-agency teams worked best where leaders used their authority to unblock problems and shared decisions with staff from every agency.",
  "Working with power|26":
    "Partnership leaders who relied on influence and credibility, rather than formal control, kept member organisations engaged.",
  "Working with power|28":
    "Sharing power across organisations, including over budgets, is presented as a precondition for integrated delivery across boundaries.",
  "Working with power|31": "Leaders who stepped back to let others lead particular changes made the team more willing to take them on.",
  "Working with power|33":
    "Partnerships in which one organisation dominated decision-making functioned less well than those in which influence was shared.",
  "Working with power|34":
    "Leaders who were aware of professional hierarchies, and used their position to open up discussion, helped integration move forward.",
  "Working with power|37":
    "Executives who agreed to decide jointly, setting aside the interests of their own site, kept both hospital systems committed to the merger.",
  "Working with power|38":
    "A leader who asked the team for proposals and then overruled them with his own plan upset the team and lost its participation: power used against collaboration.",
  "Working with power|45":
    "In Norwegian childcare collaboration, leaders who shared authority with the professionals involved kept them engaged, while top-down decisions met resistance.",

  // Commitment to learning and development
  "Commitment to learning and development|23":
    "The Trafford programme looked to other areas' experience and adjusted its plans as it learned what worked locally.",
  "Commitment to learning and development|36":
    "Under tight central control, system leaders became risk averse and chased short-term wins, which left teams unable to innovate: the mechanism in its absence.",
  "Commitment to learning and development|37":
    "Leaders of the merged clinical services treated early problems as lessons and changed course, which helped the merger survive.",
  "Commitment to learning and development|41":
    "Team leaders who supported joint training helped staff take on the new integrated care pathway.",
  "Commitment to learning and development|46":
    "Integrated care pilots that made room for experiment and reflection made more progress than those held to fixed plans.",
  "Commitment to learning and development|47":
    "Reorienting a remote service relied on leaders who encouraged staff to try new roles and shared what was learned.",
  "Commitment to learning and development|48":
    "The network's leaders made space for its diverse members to learn from each other, which shaped how the integrated system was structured.",

  // Taking a wider view
  "Taking a wider view|24":
    "Managers described understanding the wider system, its politics and the pressures on partners as a competency integration requires.",
  "Taking a wider view|25":
    "Leaders who understood the priorities and constraints of the other agencies were better placed to make joint work fit them.",
  "Taking a wider view|26":
    "Partnership leaders who scanned their environment for allies and openings kept the partnership relevant over time.",
  "Taking a wider view|31":
    "Change agents who connected the team's plans to the wider primary care system made those plans easier to sustain.",
  "Taking a wider view|37":
    "Executives met as one group and weighed the effect on the whole system before moving any service between sites, which built trust across both.",
  "Taking a wider view|48":
    "Leaders of the French network had to read the different logics of hospitals, general practice and social care to hold the system together.",

  // Clarifying complexity
  "Clarifying complexity|24":
    "Explaining complicated governance and funding arrangements in plain terms is listed among the competencies that help staff of integrated services.",
  "Clarifying complexity|38":
    "A complicated new reporting structure, introduced without explanation, left staff confused and frustrated: what happens when leaders do not clarify.",
  "Clarifying complexity|46":
    "Pilot sites where leaders made roles and decision rights clear met fewer barriers than sites where responsibilities stayed blurred.",
  "Clarifying complexity|48":
    "In a network with many kinds of actors, leaders who made sense of the structure for its members helped it work.",

  // Planning and coordinating
  "Planning and coordinating|24":
    "Aligning the plans and processes of partner organisations is among the organisational competencies managers linked to successful integration.",
  "Planning and coordinating|31": "Shared leadership helped the team agree who would do what as its services changed.",
  "Planning and coordinating|32":
    "Regular joint planning between professions helped the network organise care for older people around each person.",
  "Planning and coordinating|43":
    "Both personal coordination by leaders and standard procedures were needed to put integrated care into practice.",
  "Planning and coordinating|49":
    "Integrated team managers found that coordinating across several line-management systems stretched them thin, which limited what coordination alone could achieve.",

  // Adaptability of leadership style
  "Adaptability of leadership style|25":
    "Leaders of multi-agency teams moved between directing and facilitating as the work and the agencies involved changed.",
  "Adaptability of leadership style|26":
    "Partnership leaders changed their approach as the partnership matured, leading from the front early on and facilitating later.",
  "Adaptability of leadership style|31":
    "Leadership passed between team members according to the task, rather than one style being kept throughout.",
};

/**
 * Links that do not simply support the mechanism: where the source's account shows the
 * mechanism missing (the absent configurations) it refines it; two sources show its limits.
 */
const EFFECTS: Record<string, EvidenceEffect> = {
  "Creating the conditions to work together|38": "refines",
  "Working with power|38": "refines",
  "Commitment to learning and development|36": "refines",
  "Clarifying complexity|38": "refines",
  "Balancing multiple perspectives|30": "refines",
  "Balancing multiple perspectives|44": "weakens",
  "Planning and coordinating|49": "weakens",
};

export type DemoLink = { mechanism: string; ref: number; effect: EvidenceEffect; extract: string };

export const demoLinks: DemoLink[] = Object.entries(demoCitedSources).flatMap(([mechanism, refs]) =>
  refs.map((ref) => {
    const key = `${mechanism}|${ref}`;
    const extract = EXTRACTS[key];
    if (!extract) throw new Error(`Demo evidence: no extract for ${key}`);
    return { mechanism, ref, effect: EFFECTS[key] ?? "supports", extract };
  }),
);

export type DemoConfiguration = {
  mechanism: string;
  ref: number;
  polarity: CmoPolarity;
  context: string;
  resource: string;
  reasoning: string;
  outcomes: { sign: "+" | "-"; text: string }[];
};

/** The seven configurations of the review, retold for the demo (same facts, our words). */
export const demoConfigurations: DemoConfiguration[] = [
  {
    mechanism: "Inspiring intent to work together",
    ref: 35,
    polarity: "present",
    context:
      "A new trust has just brought NHS mental health staff and social care staff together, and nobody yet knows what the merged organisation will feel like.",
    resource:
      "The chief executive tackles their worries openly and promises to hold on to what was best in each of the two former cultures.",
    reasoning: "Staff are reassured.",
    outcomes: [{ sign: "+", text: "Team leaders come to treat partnership between health and social care as one of their core values." }],
  },
  {
    mechanism: "Creating the conditions to work together",
    ref: 38,
    polarity: "absent",
    context: "Clinical departments are combined in a hospital merger and placed under newly created leadership posts.",
    resource: "The leader appointed at system level brings in a strongly commercial culture aimed at reducing staff numbers.",
    reasoning: "Fearing for jobs, the team leader cannot sign up to that vision.",
    outcomes: [
      { sign: "-", text: "A clinical leader the team respected resigns." },
      { sign: "-", text: "The team feels abandoned." },
    ],
  },
  {
    mechanism: "Balancing multiple perspectives",
    ref: 30,
    polarity: "present",
    context: "Team leaders in welfare agencies that work together are given time to develop integrated working.",
    resource: "The leaders take part in person in the steering and working groups of the joint projects.",
    reasoning: "Seeing them there, staff become less protective of their own territory.",
    outcomes: [{ sign: "-", text: "The leaders struggle to stay loyal both to their own team and to the joint groups." }],
  },
  {
    mechanism: "Working with power",
    ref: 38,
    polarity: "absent",
    context: "After a merger, someone has to decide how a new department will be organised.",
    resource: "The leader invites the team to put forward proposals.",
    reasoning: "He then sets them aside for a larger plan of his own, which the team sees as having nothing to do with its work.",
    outcomes: [
      { sign: "-", text: "Team members are upset." },
      { sign: "-", text: "Many of the physicians stop coming to collaboration meetings." },
    ],
  },
  {
    mechanism: "Commitment to learning and development",
    ref: 36,
    polarity: "absent",
    context: "Health boards operate under tight, centralised bureaucratic control.",
    resource: "Leaders at system level grow wary of any risk.",
    reasoning: "They go after quick political gains rather than lasting solutions.",
    outcomes: [{ sign: "-", text: "Teams cannot innovate, even when their members are willing and able to." }],
  },
  {
    mechanism: "Taking a wider view",
    ref: 37,
    polarity: "present",
    context: "Executives from two hospital sites have to plan the shape of the merged organisation.",
    resource: "They put their own interests to one side, meet as a single group and hold as few site-only meetings as they can.",
    reasoning: "No service moves from one site to the other until its effects have been weighed.",
    outcomes: [{ sign: "+", text: "Trust grows across the whole team." }],
  },
  {
    mechanism: "Clarifying complexity",
    ref: 38,
    polarity: "absent",
    context: "A hospital merger joins two clinical departments.",
    resource: "Leaders bring in a complicated reporting structure with more managers for staff to answer to.",
    reasoning: "Staff cannot see why.",
    outcomes: [{ sign: "-", text: "Staff are left confused and frustrated." }],
  },
];
