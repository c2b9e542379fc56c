/**
 * Text content for the Roundtable demo consultation.
 *
 * The panel, facilitators and responses are fictional. The research question,
 * the ten round-1 mechanism names, the panel size and the shape of the three
 * rounds follow a published realist review of leadership of integrated health
 * and social care teams (England, 2020-2022). All descriptive text is original
 * wording written for this demo.
 *
 * Plain data only: no imports, no runtime logic.
 */

export type Perspective = "practitioner" | "service_user" | "opinion_leader" | "researcher";

type Person = { name: string; email: string };

type Rating = 1 | 2 | 3 | 4 | 5;

// ---------------------------------------------------------------------------
// Facilitators (fictional researchers)
// ---------------------------------------------------------------------------

export const demoFacilitator: { name: string; email: string } = {
  name: "Clare Ashworth",
  email: "facilitator@roundtable.test",
};

export const demoCoFacilitator: Person = {
  name: "Rory Finnegan",
  email: "rory.finnegan@roundtable.test",
};

// ---------------------------------------------------------------------------
// Consultation
// ---------------------------------------------------------------------------

export const demoConsultation: {
  slug: "integrated-care-leadership";
  title: "Leadership of integrated care teams and systems";
  researchQuestion: string;
  description: string;
} = {
  slug: "integrated-care-leadership",
  title: "Leadership of integrated care teams and systems",
  researchQuestion:
    "What aspects of leadership of integrated teams and systems in health and social care work, for whom and in what circumstances?",
  description:
    'We are reviewing research on how people lead teams where health and social care staff work together, such as community nurses, social workers, therapists and care workers supporting the same people. We read many studies and pick out the "mechanisms": the things leaders do, and the way staff respond to them, that help or hinder joined-up care. We want your view on whether we have found the right ones.\n\n' +
    "There are three rounds. In each one you read a short list of mechanisms, rate how relevant each is, add comments and tell us if something is missing; we then talk it through together at a meeting and revise the list. This is demonstration data: the panel, its answers and the meeting record are fictional, and the evidence extracts are illustrative summaries written for the demo; the mechanisms, rounds, sources and evidence counts are based on a published review.",
};

// ---------------------------------------------------------------------------
// Rounds
// ---------------------------------------------------------------------------

export const demoRounds: { number: 1 | 2 | 3; title: string; instructions: string }[] = [
  {
    number: 1,
    title: "Preliminary mechanisms",
    instructions:
      "Read the ten draft mechanisms we drew from our first set of papers and rate how relevant each one is to leading integrated health and social care teams, from 1 (not relevant) to 5 (highly relevant). Add a comment wherever a mechanism seems too general, unclear or especially important. If you think something is missing, flag it so others can support it. We will go through the results together at the in-person meeting.",
  },
  {
    number: 2,
    title: "Revised mechanisms",
    instructions:
      "We have rewritten the list using your feedback and a wider search of the research, and we are sharing the drafts before we meet. Please read each full description, rate its relevance and tell us whether the wording matches your experience. Flag anything that still seems missing or that you think overlaps with another mechanism. We will discuss your answers in person.",
  },
  {
    number: 3,
    title: "Mechanisms and the evidence",
    instructions:
      "For each mechanism you can now see how many papers supported it and short examples from those papers. Rate its relevance again with that evidence in mind and suggest changes where a description could be clearer. Tell us if you think a mechanism should be merged with another, kept or dropped. We will talk this through on the video call.",
  },
];

// ---------------------------------------------------------------------------
// Round 1 mechanisms (names as in the review, descriptions original)
// ---------------------------------------------------------------------------

export const round1Mechanisms: { name: string; description: string }[] = [
  {
    name: "Supportive relationships and trust",
    description:
      "Leaders take time to get to know the people in their team and in partner organisations, keep their promises and back staff when things go wrong. In an integrated team, people from the NHS, the council and the voluntary sector may have worked apart for years and can be wary of each other. When leaders build trust, staff are more willing to share information, cover for one another and raise problems early, which can make joined-up care safer and less stressful for everyone.",
  },
  {
    name: "Team working / collaborative working",
    description:
      "Leaders bring together nurses, social workers, therapists, GPs, care workers and others so that they plan and deliver care as one team instead of passing people between services. This can mean regular joint meetings, shared assessments, agreeing who takes the lead for each person and making sure every profession has a say. It might matter because people with complex needs usually rely on several services at once, and gaps or duplication appear when those services sit side by side without really working together.",
  },
  {
    name: "Shared mission / vision / approach / purpose",
    description:
      "Leaders help everyone agree what the team is for and what good care looks like, then keep coming back to that shared aim when decisions get hard. Staff from health and social care often arrive with different priorities, targets and ways of talking about the people they support. A purpose that everyone has helped to shape gives them a common reason to work together, makes disagreements easier to settle and helps the team explain itself to patients, families and partner organisations.",
  },
  {
    name: "Shared responsibility / ownership",
    description:
      "Leaders spread responsibility across the team and its partner organisations rather than holding it all themselves or leaving it with one profession. They agree who is accountable for what, involve staff in decisions and encourage people to treat each service user's outcome as a joint concern. This might matter because when nobody feels a task is their job it falls between services, whereas when everyone feels some ownership, staff are more likely to step in, follow through and improve how things work.",
  },
  {
    name: "Learning, development and innovation",
    description:
      "Leaders make room for the team to learn from each other, from other areas and from things that did not go to plan. They support joint training across professions, encourage staff to try new ways of working and make sure what they find out is shared. Integration is still new in many places and there is rarely a ready-made blueprint, so teams that keep learning may adapt faster, hold on to good staff and find better ways of meeting people's needs.",
  },
  {
    name: "Communication",
    description:
      "Leaders keep information flowing within the team and between organisations: they explain changes, listen to concerns, hold regular briefings and make sure messages reach staff on every site and shift. In integrated services this can also mean working around different record systems, professional jargon and reporting lines. Good communication might matter because misunderstandings between health and social care can delay care, lead to duplicate visits or leave a person and their family unsure who to contact.",
  },
  {
    name: "Providing clarity",
    description:
      "Leaders make sense of complicated arrangements for their team: who manages whom, which organisation pays for what, how decisions are made and where the boundaries between services lie. Integrated teams often straddle several employers, budgets and governance structures, and staff lose time and confidence when the rules are unclear. By setting out roles, responsibilities and processes simply, leaders help people get on with their work, and help service users and carers know who is responsible for their care.",
  },
  {
    name: "Balancing needs",
    description:
      "Leaders weigh up the demands of different groups: the people using services, their families, staff from each profession and the organisations that fund and run the team. These needs do not always line up, and one side, often the larger or better-funded partner, can come to dominate. Leaders who hold these interests in balance and make trade-offs openly may keep partners committed and reduce resentment, while keeping decisions centred on the people receiving care.",
  },
  {
    name: "Advocacy",
    description:
      "Leaders speak up for integrated working and for the people the team serves. They make the case for joined-up care to senior managers, commissioners and sceptical colleagues, defend the team's resources and champion service users and carers whose voices are easily lost. This might matter because integration depends on goodwill and backing from people outside the team, and someone needs to keep arguing for it when money is tight and priorities compete.",
  },
  {
    name: "External liaison / consensus building",
    description:
      "Leaders build links with organisations beyond the team, such as hospitals, councils, GP practices, charities and community groups, and work to find enough agreement for joint plans to move forward. That means turning up to partnership meetings, understanding what each partner needs, negotiating and looking for common ground. It might matter because integrated teams depend on decisions made elsewhere, and leaders who can bring partners to a shared view are better placed to secure the resources, referrals and cooperation the team relies on.",
  },
];

// ---------------------------------------------------------------------------
// Panel: 19 fictional stakeholders
//   0-5   practitioner   (6)
//   6-10  service_user   (5; three without email use a personal link)
//   11-14 opinion_leader (4)
//   15-18 researcher     (4)
// ---------------------------------------------------------------------------

export const demoPanel: { name: string; email: string | null; perspective: Perspective; role: string }[] = [
  { name: "Priya Raman", email: "priya.raman@example.org", perspective: "practitioner", role: "Integrated neighbourhood team manager" },
  { name: "Gareth Llewellyn", email: "gareth.llewellyn@example.net", perspective: "practitioner", role: "District nurse team lead" },
  { name: "Folasade Adeyemi", email: "folasade.adeyemi@example.com", perspective: "practitioner", role: "Adult social work team manager" },
  {
    name: "Callum McKenzie",
    email: "callum.mckenzie@example.org",
    perspective: "practitioner",
    role: "Occupational therapist, intermediate care",
  },
  {
    name: "Helen Whitcombe",
    email: "helen.whitcombe@example.net",
    perspective: "practitioner",
    role: "Deputy director of community health and care services",
  },
  {
    name: "Tariq Hussain",
    email: "tariq.hussain@example.com",
    perspective: "practitioner",
    role: "GP partner and primary care network clinical director",
  },

  { name: "Doreen Pickering", email: null, perspective: "service_user", role: "Carer for her husband, who has dementia" },
  {
    name: "Kwame Asante",
    email: "kwame.asante@example.net",
    perspective: "service_user",
    role: "Lives with heart failure and uses community services",
  },
  { name: "Siobhan Gallagher", email: null, perspective: "service_user", role: "Carer for her father" },
  { name: "Alan Thwaite", email: null, perspective: "service_user", role: "Receives home care after a stroke" },
  { name: "Yasmin Begum", email: "yasmin.begum@example.org", perspective: "service_user", role: "Patient participation group member" },

  {
    name: "Rhiannon Pryce",
    email: "rhiannon.pryce@example.com",
    perspective: "opinion_leader",
    role: "Policy adviser at a health and care think tank",
  },
  {
    name: "Dev Chauhan",
    email: "dev.chauhan@example.org",
    perspective: "opinion_leader",
    role: "Professional adviser, social work professional body",
  },
  {
    name: "Fiona Strachan",
    email: "fiona.strachan@example.net",
    perspective: "opinion_leader",
    role: "Head of policy at an older people's charity",
  },
  {
    name: "Marcus Bellamy",
    email: "marcus.bellamy@example.com",
    perspective: "opinion_leader",
    role: "Former director of adult social services, local government adviser",
  },

  {
    name: "Eleanor Marsh",
    email: "eleanor.marsh@example.org",
    perspective: "researcher",
    role: "Senior lecturer in health services research",
  },
  {
    name: "Joseph Okafor",
    email: "joseph.okafor@example.net",
    perspective: "researcher",
    role: "Research fellow in interprofessional working",
  },
  { name: "Anika Sharma", email: "anika.sharma@example.com", perspective: "researcher", role: "Professor of social care policy" },
  { name: "Niamh Doherty", email: "niamh.doherty@example.org", perspective: "researcher", role: "Doctoral researcher, multi-team systems" },
];

// ---------------------------------------------------------------------------
// Round 1 responses (illustrative)
//
// Mechanism indices: 0 Supportive relationships and trust, 1 Team working,
// 2 Shared mission, 3 Shared responsibility, 4 Learning, 5 Communication,
// 6 Providing clarity, 7 Balancing needs, 8 Advocacy, 9 External liaison.
//
// 11 of 19 panel members have rated so far: 0, 1, 2, 4, 7, 9, 10, 11, 12, 15, 16.
// ---------------------------------------------------------------------------

export const demoRound1Responses: {
  ratings: { panelIndex: number; mechanism: number; rating: Rating }[];
  comments: { panelIndex: number; mechanism: number; body: string; replies?: { panelIndex: number; body: string }[] }[];
  flags: { panelIndex: number; name: string; covers: string; whyItMatters: string; endorsedBy: number[] }[];
} = {
  ratings: [
    // Priya Raman (practitioner): all 10
    { panelIndex: 0, mechanism: 0, rating: 3 },
    { panelIndex: 0, mechanism: 1, rating: 4 },
    { panelIndex: 0, mechanism: 2, rating: 4 },
    { panelIndex: 0, mechanism: 3, rating: 5 },
    { panelIndex: 0, mechanism: 4, rating: 4 },
    { panelIndex: 0, mechanism: 5, rating: 3 },
    { panelIndex: 0, mechanism: 6, rating: 5 },
    { panelIndex: 0, mechanism: 7, rating: 4 },
    { panelIndex: 0, mechanism: 8, rating: 3 },
    { panelIndex: 0, mechanism: 9, rating: 4 },

    // Gareth Llewellyn (practitioner): 8
    { panelIndex: 1, mechanism: 0, rating: 4 },
    { panelIndex: 1, mechanism: 1, rating: 5 },
    { panelIndex: 1, mechanism: 2, rating: 3 },
    { panelIndex: 1, mechanism: 3, rating: 4 },
    { panelIndex: 1, mechanism: 5, rating: 4 },
    { panelIndex: 1, mechanism: 6, rating: 5 },
    { panelIndex: 1, mechanism: 7, rating: 3 },
    { panelIndex: 1, mechanism: 8, rating: 2 },

    // Folasade Adeyemi (practitioner): all 10
    { panelIndex: 2, mechanism: 0, rating: 2 },
    { panelIndex: 2, mechanism: 1, rating: 4 },
    { panelIndex: 2, mechanism: 2, rating: 4 },
    { panelIndex: 2, mechanism: 3, rating: 4 },
    { panelIndex: 2, mechanism: 4, rating: 3 },
    { panelIndex: 2, mechanism: 5, rating: 2 },
    { panelIndex: 2, mechanism: 6, rating: 5 },
    { panelIndex: 2, mechanism: 7, rating: 5 },
    { panelIndex: 2, mechanism: 8, rating: 4 },
    { panelIndex: 2, mechanism: 9, rating: 3 },

    // Helen Whitcombe (practitioner): 9
    { panelIndex: 4, mechanism: 0, rating: 3 },
    { panelIndex: 4, mechanism: 1, rating: 4 },
    { panelIndex: 4, mechanism: 2, rating: 5 },
    { panelIndex: 4, mechanism: 3, rating: 4 },
    { panelIndex: 4, mechanism: 4, rating: 4 },
    { panelIndex: 4, mechanism: 5, rating: 2 },
    { panelIndex: 4, mechanism: 6, rating: 4 },
    { panelIndex: 4, mechanism: 7, rating: 4 },
    { panelIndex: 4, mechanism: 9, rating: 5 },

    // Kwame Asante (service user): 7
    { panelIndex: 7, mechanism: 0, rating: 5 },
    { panelIndex: 7, mechanism: 1, rating: 4 },
    { panelIndex: 7, mechanism: 2, rating: 3 },
    { panelIndex: 7, mechanism: 5, rating: 5 },
    { panelIndex: 7, mechanism: 6, rating: 5 },
    { panelIndex: 7, mechanism: 7, rating: 3 },
    { panelIndex: 7, mechanism: 8, rating: 4 },

    // Alan Thwaite (service user, personal link): 6
    { panelIndex: 9, mechanism: 0, rating: 5 },
    { panelIndex: 9, mechanism: 1, rating: 3 },
    { panelIndex: 9, mechanism: 5, rating: 4 },
    { panelIndex: 9, mechanism: 6, rating: 4 },
    { panelIndex: 9, mechanism: 7, rating: 3 },
    { panelIndex: 9, mechanism: 8, rating: 5 },

    // Yasmin Begum (service user): 8
    { panelIndex: 10, mechanism: 0, rating: 4 },
    { panelIndex: 10, mechanism: 1, rating: 4 },
    { panelIndex: 10, mechanism: 2, rating: 3 },
    { panelIndex: 10, mechanism: 3, rating: 3 },
    { panelIndex: 10, mechanism: 5, rating: 3 },
    { panelIndex: 10, mechanism: 6, rating: 5 },
    { panelIndex: 10, mechanism: 8, rating: 4 },
    { panelIndex: 10, mechanism: 9, rating: 3 },

    // Rhiannon Pryce (opinion leader): all 10
    { panelIndex: 11, mechanism: 0, rating: 2 },
    { panelIndex: 11, mechanism: 1, rating: 3 },
    { panelIndex: 11, mechanism: 2, rating: 4 },
    { panelIndex: 11, mechanism: 3, rating: 4 },
    { panelIndex: 11, mechanism: 4, rating: 3 },
    { panelIndex: 11, mechanism: 5, rating: 2 },
    { panelIndex: 11, mechanism: 6, rating: 5 },
    { panelIndex: 11, mechanism: 7, rating: 4 },
    { panelIndex: 11, mechanism: 8, rating: 3 },
    { panelIndex: 11, mechanism: 9, rating: 5 },

    // Dev Chauhan (opinion leader): 8
    { panelIndex: 12, mechanism: 0, rating: 3 },
    { panelIndex: 12, mechanism: 1, rating: 4 },
    { panelIndex: 12, mechanism: 2, rating: 3 },
    { panelIndex: 12, mechanism: 3, rating: 5 },
    { panelIndex: 12, mechanism: 5, rating: 3 },
    { panelIndex: 12, mechanism: 6, rating: 4 },
    { panelIndex: 12, mechanism: 7, rating: 5 },
    { panelIndex: 12, mechanism: 8, rating: 4 },

    // Eleanor Marsh (researcher): all 10
    { panelIndex: 15, mechanism: 0, rating: 2 },
    { panelIndex: 15, mechanism: 1, rating: 3 },
    { panelIndex: 15, mechanism: 2, rating: 3 },
    { panelIndex: 15, mechanism: 3, rating: 4 },
    { panelIndex: 15, mechanism: 4, rating: 3 },
    { panelIndex: 15, mechanism: 5, rating: 1 },
    { panelIndex: 15, mechanism: 6, rating: 5 },
    { panelIndex: 15, mechanism: 7, rating: 4 },
    { panelIndex: 15, mechanism: 8, rating: 3 },
    { panelIndex: 15, mechanism: 9, rating: 4 },

    // Joseph Okafor (researcher): 7
    { panelIndex: 16, mechanism: 0, rating: 3 },
    { panelIndex: 16, mechanism: 3, rating: 4 },
    { panelIndex: 16, mechanism: 4, rating: 4 },
    { panelIndex: 16, mechanism: 5, rating: 2 },
    { panelIndex: 16, mechanism: 6, rating: 5 },
    { panelIndex: 16, mechanism: 7, rating: 4 },
    { panelIndex: 16, mechanism: 9, rating: 4 },
  ],

  comments: [
    {
      panelIndex: 0,
      mechanism: 6,
      body: "This is the one I'd put first. When we joined up with the council team, nobody could tell us who signed off a care package or whose budget it came out of. A manager in a single organisation just doesn't have to untangle that.",
      replies: [
        {
          panelIndex: 2,
          body: "Same on the social care side. Half my week goes on explaining which eligibility rules apply to which worker.",
        },
      ],
    },
    {
      panelIndex: 16,
      mechanism: 6,
      body: "Of the ten, this looks the most specific to integration. Pooled budgets, joint governance and dual line management create a kind of ambiguity that leaders inside one organisation rarely face.",
    },
    {
      panelIndex: 7,
      mechanism: 6,
      body: "Yes. Three different people have told me three different things about who organises my care. Someone needs to sort that out.",
    },
    {
      panelIndex: 15,
      mechanism: 5,
      body: "Communication appears in almost every leadership framework going. Unless we can say what is distinctive about communicating across health and social care, I'm not convinced it earns a place of its own.",
      replies: [
        {
          panelIndex: 7,
          body: "It still matters a lot to me. When the nurses and the carers don't talk, I'm the one telling my story all over again.",
        },
      ],
    },
    {
      panelIndex: 1,
      mechanism: 5,
      body: "We obviously need to talk to each other, but that's true of any team. The integrated part is getting two record systems that don't speak to each other to work.",
    },
    {
      panelIndex: 11,
      mechanism: 0,
      body: "Trust and good relationships matter, but you would find them in a review of leadership in any sector. The interesting question is trust between organisations with different funding and lines of accountability.",
    },
    {
      panelIndex: 9,
      mechanism: 0,
      body: "Trust is everything for me. I let people into my home every day. If they trust each other and their boss, you can tell.",
    },
    {
      panelIndex: 2,
      mechanism: 7,
      body: "Social care often feels like the junior partner. Balancing needs has to include balancing whose voice counts round the table, not only the workload.",
    },
    {
      panelIndex: 10,
      mechanism: 8,
      body: "Advocacy for who? If it means standing up for patients and families, please say so. Arguing for the team's budget is a different thing.",
      replies: [
        {
          panelIndex: 4,
          body: "Fair point. In practice it's usually both, and the two can pull in opposite directions.",
        },
      ],
    },
    {
      panelIndex: 4,
      mechanism: 9,
      body: "A lot of my time goes here: the integrated care board, the council, the voluntary sector. I'd like it to say more about system-level partnerships rather than just liaison.",
    },
    {
      panelIndex: 12,
      mechanism: 3,
      body: "Shared ownership only works if accountability is shared as well. At the moment each profession is still answerable to its own regulator and its own standards.",
    },
    {
      panelIndex: 15,
      mechanism: 1,
      body: "Team working and collaborative working may be two different things: one within a single team, the other across teams and organisations. Worth separating?",
    },
  ],

  flags: [
    {
      panelIndex: 2,
      name: "Use of power",
      covers:
        "Who holds power between health and social care, between professions and between organisations, and how leaders use that power, share it or hand it over to others.",
      whyItMatters:
        "In joint teams the NHS side usually holds the larger budget and medical views tend to carry the most weight. None of the ten mechanisms names this, yet it shapes every decision about who does what and whose voice is heard.",
      endorsedBy: [0, 9, 11, 12, 15],
    },
  ],
};
