"""The INELI Balkans leadership course used by the demo: six modules on leading change,
strategic planning, designing new library services and developing a project.

Each lesson: (slug, title, minutes, summary, paragraphs, extras) where extras may hold
"readings" [(title, author, url, note)], "prompt" (text, guidance), "quiz" [(question,
[(answer, correct, feedback), ...])] and "document" (a file name of the demo template).
"""

COURSE = {
    "slug": "leadership",
    "title": "Leadership for library innovation",
    "certificate_title": "Leadership for library innovation (INELI Balkans online course)",
    "intro": (
        "<p>A two-year online course for emerging library innovators: how to lead change, "
        "plan strategically, design new services with the people who will use them, and turn "
        "an idea into a project your library can run. Your mentor reads your reflections and "
        "answers them; the modules open one after another over the life of the cohort.</p>"
    ),
}

IFLA_MANIFESTO = (
    "IFLA-UNESCO Public Library Manifesto 2022",
    "IFLA and UNESCO",
    "https://www.ifla.org/public-library-manifesto/",
    "The shared statement of what public libraries are for; a good yardstick for any mission.",
)
ASPEN = (
    "Rising to the Challenge: Re-Envisioning Public Libraries",
    "Aspen Institute Dialogue on Public Libraries",
    "https://www.aspeninstitute.org/publications/rising-challenge-re-envisioning-public-libraries/",
    "Argues for libraries built around people, place and platform.",
)
DESIGN_THINKING = (
    "Design Thinking for Libraries: a toolkit for patron-centered design",
    "IDEO with Chicago Public Library and Aarhus Public Libraries",
    "https://designthinkingforlibraries.com/",
    "Step-by-step activities for inspiration, ideation and iteration.",
)
TURNING_OUTWARD = (
    "Libraries Transforming Communities: Turning Outward",
    "American Library Association and The Harwood Institute",
    "https://www.ala.org/tools/librariestransform/libraries-transforming-communities",
    "A practical approach to starting with the community's aspirations rather than the library's.",
)
PROJECT_OUTCOME = (
    "Project Outcome",
    "Public Library Association",
    "https://www.projectoutcome.org/",
    "Free, short surveys that measure what changed for the people who used a service.",
)
LOGIC_MODEL = (
    "Logic Model Development Guide",
    "W. K. Kellogg Foundation",
    "https://www.wkkf.org/resource-directory/resources/2004/01/logic-model-development-guide",
    "The classic introduction to inputs, activities, outputs and outcomes.",
)

MODULES = [
    {
        "slug": "leading-change",
        "title": "Leading change in your library",
        "summary": (
            "What innovation means in a public library, where your library stands in its "
            "community, and how to lead when you are not the director."
        ),
        "reflection": ("reflection", "Your leadership starting point", False),
        "prompt": (
            "<p>Write 400–600 words: describe one change you would like to lead in your "
            "library in the next two years, who it is for, who needs to agree, and what you "
            "already bring to it. Be concrete: name the service, the people and the obstacles.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "what-innovation-means",
                "What library innovation means",
                25,
                "Innovation in libraries is rarely about gadgets: it is new value for people.",
                [
                    "Innovation in a public library is a new or improved service that creates "
                    "value for the people it serves. A mobile library stop in a village without "
                    "a branch, a homework club run with the local school, a repair café on "
                    "Saturday mornings: none of these needs new technology, and all of them "
                    "change what the library means to someone.",
                    "Think of innovation as three questions asked again and again: who are we "
                    "not serving well yet, what would make a real difference to them, and what "
                    "is the smallest thing we could try next month to find out?",
                    "Across INELI Balkans, innovators work in very different libraries: a "
                    "national library, a city library with twenty branches, a municipal library "
                    "with three staff. The method is the same; the scale is yours to choose.",
                ],
                {
                    "readings": [IFLA_MANIFESTO, ASPEN],
                    "prompt": (
                        "Name one service in your library that was new five years ago. Who "
                        "pushed for it, and what made it stick?",
                        "<p>Share your answer in your mentor group before the first online "
                        "meeting.</p>",
                    ),
                },
            ),
            (
                "library-in-community",
                "Your library's place in the community",
                30,
                "Map who uses the library, who does not, and what the community is working on.",
                [
                    "Before planning anything new, look outward. Draw a simple map of your "
                    "community: schools, clubs, employers, municipal services, cultural "
                    "organisations, minorities and newcomers. Mark the ones the library already "
                    "works with, and the ones it never meets.",
                    "Then look at the numbers you already have: registered members by age and "
                    "neighbourhood, visits, loans, events. They show who comes; the gaps on "
                    "your map show who does not.",
                    "Finally, ask what the community itself is trying to achieve: more young "
                    "people staying in town, better digital skills for older people, a "
                    "livelier centre. A library service that helps with one of these goals "
                    "finds partners and funding far more easily.",
                ],
                {"readings": [TURNING_OUTWARD]},
            ),
            (
                "leading-without-a-title",
                "Leading without a title",
                25,
                "Influence, trust and small wins: how innovators lead from the middle.",
                [
                    "Most innovators are not directors. You lead by influence: by being clear "
                    "about the problem, by bringing evidence, and by making it easy for others "
                    "to say yes.",
                    "Start with allies. Who in your library cares about the same people you do? "
                    "Who will be asked to do extra work, and what would make that worth it for "
                    "them? Talk to them before any meeting where decisions are made.",
                    "Aim for a small, visible win in the first months. A successful pilot, "
                    "however modest, buys more trust than the best presentation.",
                ],
                {
                    "quiz": [
                        (
                            "Your director is unsure about your idea. What is usually the best "
                            "next step?",
                            [
                                (
                                    "Propose a small pilot with a clear end date and a way to "
                                    "measure it",
                                    True,
                                    "Yes: a pilot lowers the risk of saying yes and produces "
                                    "evidence.",
                                ),
                                (
                                    "Wait until you become a manager yourself",
                                    False,
                                    "Leadership does not need a title; waiting loses momentum.",
                                ),
                                (
                                    "Ask the ministry to order the change",
                                    False,
                                    "Going over people's heads rarely builds the trust you need.",
                                ),
                            ],
                        )
                    ]
                },
            ),
            (
                "mentors-and-peers",
                "Working with your mentor and peers",
                15,
                "How mentoring works in INELI Balkans and how to get the most out of it.",
                [
                    "Each innovator has a mentor who follows their work for the whole "
                    "programme. Your mentor reads your reflections and deliverables, answers "
                    "them, and meets your group online once a month.",
                    "Your peers are the other innovators in your group, from other countries. "
                    "Many of the best ideas in the network travelled from one library to "
                    "another through these conversations.",
                    "Agree with your mentor early how you prefer to work: the rhythm of calls, "
                    "the language you use, and what kind of feedback helps you most.",
                ],
                {},
            ),
        ],
    },
    {
        "slug": "strategic-planning",
        "title": "Strategic planning for libraries",
        "summary": (
            "Mission and vision, scanning the environment, listening to the community, and "
            "goals you can measure: a strategic plan that fits on a page."
        ),
        "reflection": ("deliverable", "Draft of a strategic plan", True),
        "prompt": (
            "<p>Hand in a draft strategic plan for your library or department (two to four "
            "pages, or the one-page strategy template): mission, three to five goals, and for "
            "each goal one measurable objective and the first actions. You may attach it as a "
            "file.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "mission-vision-values",
                "Why plan: mission, vision and values",
                25,
                "A plan starts with why the library exists and what it wants to become.",
                [
                    "A mission says what the library does and for whom, today. A vision says "
                    "what the community will be like if the library succeeds. Values say how "
                    "staff behave along the way.",
                    "Good missions are short enough to remember. Test yours by asking a "
                    "colleague at the loans desk to say it back to you in their own words.",
                    "Many libraries write these statements once and forget them. In a "
                    "strategic plan they have a job: every goal must serve the mission, and "
                    "every project must move towards the vision.",
                ],
                {"readings": [IFLA_MANIFESTO]},
            ),
            (
                "scanning-the-environment",
                "Scanning the environment: PEST and SWOT",
                35,
                "Look at the forces around the library, then at its strengths and weaknesses.",
                [
                    "A PEST scan lists the political, economic, social and technological "
                    "changes that will affect your library in the next three to five years: "
                    "a new law on local government, budget cuts, an ageing population, "
                    "e-books and e-lending.",
                    "A SWOT analysis then sorts what you found: strengths and weaknesses are "
                    "inside the library (staff skills, building, collection), opportunities "
                    "and threats are outside (a new school, a competing cultural centre).",
                    "Do both with colleagues and a few users, not alone. The discussion is "
                    "worth as much as the table it produces.",
                ],
                {
                    "quiz": [
                        (
                            "In a SWOT analysis, where does “the town is opening a new "
                            "secondary school next year” belong?",
                            [
                                (
                                    "Opportunities",
                                    True,
                                    "Right: it is outside the library and could bring new "
                                    "users and partners.",
                                ),
                                (
                                    "Strengths",
                                    False,
                                    "Strengths are inside the library; the school is an "
                                    "external change.",
                                ),
                                (
                                    "Threats",
                                    False,
                                    "It could be, but first of all it is a chance for partnership.",
                                ),
                            ],
                        ),
                        (
                            "Which of these is a weakness?",
                            [
                                (
                                    "No staff member is confident teaching digital skills",
                                    True,
                                    "Yes: an internal limit you can plan to fix.",
                                ),
                                (
                                    "The municipality is cutting the culture budget",
                                    False,
                                    "That is an external threat.",
                                ),
                            ],
                        ),
                    ]
                },
            ),
            (
                "listening-to-the-community",
                "Listening to your community: a needs assessment",
                30,
                "Surveys, conversations and observation: find out what people actually need.",
                [
                    "A needs assessment asks the community, not the staff, what would help. "
                    "Combine a short survey with five to ten conversations and an afternoon of "
                    "observation in the library and in places where non-users spend time.",
                    "Ask about people's lives, not about the library: what are you trying to "
                    "do this year, what gets in the way, where do you go for help?",
                    "Write down exact words people use. They will later become the language "
                    "of your plan and your communication.",
                ],
                {
                    "readings": [TURNING_OUTWARD],
                    "prompt": (
                        "What is one thing you assumed about your users that a conversation "
                        "proved wrong?",
                        "",
                    ),
                },
            ),
            (
                "goals-and-objectives",
                "Setting goals and measurable objectives",
                30,
                "From broad goals to SMART objectives you can report on.",
                [
                    "A goal is a broad direction: “Older residents use digital public "
                    "services with confidence.” An objective makes it measurable: “By June, "
                    "120 residents over 65 have completed the four-session course, and 80% "
                    "say they can book a doctor's appointment online.”",
                    "Use SMART: specific, measurable, achievable, relevant and time-bound. If "
                    "you cannot say how you will know an objective was met, rewrite it.",
                    "Three to five goals are enough for a library plan. More goals means "
                    "less attention for each.",
                ],
                {},
            ),
            (
                "one-page-strategy",
                "From plan to action: the one-page strategy",
                25,
                "Put mission, goals, objectives and first actions on one page people will read.",
                [
                    "Long plans sit in drawers. A one-page strategy puts the mission at the "
                    "top, the goals in columns, and under each goal its objectives and the "
                    "actions of the next twelve months, with a name next to each action.",
                    "Share it with every member of staff and with the library's governing "
                    "body. Review it every quarter: what moved, what stalled, what changed "
                    "around us?",
                    "Use the template below for your draft plan, the deliverable of this module.",
                ],
                {"document": "one-page-strategy-template.txt"},
            ),
        ],
    },
    {
        "slug": "designing-new-services",
        "title": "Designing new library services",
        "summary": (
            "Service design with users: interviews and observation, personas and journey maps, "
            "ideas, and cheap prototypes tested early."
        ),
        "reflection": ("deliverable", "A new service design", True),
        "prompt": (
            "<p>Describe the new service you designed: the people it is for (a persona), their "
            "journey today and with your service, the prototype you tested and what you "
            "changed after testing. Attach a sketch, photo or document if you have one.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "service-design-thinking",
                "Service design thinking",
                25,
                "Inspiration, ideation, iteration: designing with people rather than for them.",
                [
                    "Design thinking is a way of working in three phases. Inspiration: "
                    "understand people's needs through research. Ideation: generate many "
                    "ideas and choose a few. Iteration: build cheap prototypes, test them, and "
                    "improve them.",
                    "It is not a linear process. You will go back to research when a "
                    "prototype surprises you, and that is the point.",
                    "Libraries in Chicago and Aarhus used this approach to redesign spaces and "
                    "programmes; it works just as well for a small branch library.",
                ],
                {
                    "readings": [DESIGN_THINKING],
                    "quiz": [
                        (
                            "What is the purpose of a prototype in service design?",
                            [
                                (
                                    "To learn quickly and cheaply whether an idea works for people",
                                    True,
                                    "Exactly: a prototype is a question, not a product.",
                                ),
                                (
                                    "To show the final service to the director",
                                    False,
                                    "A prototype is deliberately unfinished: its job is to "
                                    "be tested.",
                                ),
                            ],
                        )
                    ],
                },
            ),
            (
                "understanding-users",
                "Understanding users: interviews and observation",
                35,
                "How to run a good interview, and what to look for when you observe.",
                [
                    "Interview people one at a time, for 30 to 45 minutes, where they are "
                    "comfortable. Prepare open questions (“Tell me about the last time you "
                    "needed…”) and ask “why” more often than feels natural.",
                    "Observe as well as ask. Spend an hour at the entrance of your library and "
                    "note what people do, where they hesitate, what they ask staff.",
                    "Interview extremes: a very frequent user and someone who has never "
                    "entered the building. Extremes make needs visible.",
                ],
                {
                    "prompt": (
                        "Which group in your town would you most like to interview, and how "
                        "will you reach them?",
                        "",
                    )
                },
            ),
            (
                "personas-and-journeys",
                "Personas and journey maps",
                30,
                "Turn research into people and journeys the whole team can design for.",
                [
                    "A persona is a short portrait of a typical user built from your research: "
                    "a name, age, situation, goals and frustrations. Two or three personas are "
                    "enough for a service.",
                    "A journey map follows one persona step by step: how they hear about the "
                    "service, how they reach it, what happens during and after. Mark the "
                    "moments of frustration and delight.",
                    "The frustrations are your design opportunities.",
                ],
                {},
            ),
            (
                "ideation",
                "Ideation and choosing ideas",
                25,
                "Many ideas first, judgement later; then choose with clear criteria.",
                [
                    "Run a short ideation session with colleagues and, if you can, users. "
                    "Start from a “How might we…?” question, for example: “How might we help "
                    "newcomers feel at home in the library in their first month?”",
                    "Aim for quantity: forty ideas in twenty minutes, one per sticky note, no "
                    "criticism.",
                    "Then choose with criteria decided in advance: value for the persona, cost, "
                    "fit with your strategic goals, and whether you can test it within a month.",
                ],
                {},
            ),
            (
                "prototyping-and-testing",
                "Prototyping and testing cheaply",
                30,
                "Paper, role play and a pop-up table: test before you invest.",
                [
                    "A prototype can be a paper leaflet, a role play at the desk, a pop-up "
                    "table for one afternoon, or a booking form in a spreadsheet. It should "
                    "take days, not months.",
                    "Test with five to eight real users. Watch what they do, ask what they "
                    "expected, and write down what surprised you.",
                    "Change one thing at a time and test again. Record each round: your "
                    "mentor will want to see how the design changed.",
                ],
                {"readings": [DESIGN_THINKING]},
            ),
        ],
    },
    {
        "slug": "developing-your-project",
        "title": "Developing your project",
        "summary": (
            "From a tested idea to a project plan: scope, outcomes, a logic model, milestones, "
            "risks, roles and a realistic budget."
        ),
        "reflection": ("deliverable", "Project plan", True),
        "prompt": (
            "<p>Hand in your project plan: the problem and the people it is for, outcomes, a "
            "logic model, milestones for twelve months, the main risks, who does what, and a "
            "budget. This plan is the basis of your innovation award proposal.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "idea-to-project",
                "From idea to project: scope and outcomes",
                25,
                "Decide what is in and out, and what will have changed for people at the end.",
                [
                    "A project has a beginning, an end, a budget and a result. Write one "
                    "sentence for each: what you will do, for whom, by when, with what, and "
                    "what will be different afterwards.",
                    "Be strict about scope. Write down what the project will not do; it "
                    "protects you when enthusiasm grows faster than resources.",
                    "Outcomes describe change in people (skills, confidence, behaviour), not "
                    "activity in the library. “200 children attended” is an output; “children "
                    "read more at home” is an outcome.",
                ],
                {},
            ),
            (
                "logic-models",
                "Logic models and theory of change",
                35,
                "Inputs, activities, outputs, outcomes: show how your project leads to change.",
                [
                    "A logic model is a one-page chain: inputs (staff time, money, partners) "
                    "make activities possible; activities produce outputs (sessions, loans, "
                    "visits); outputs lead to short- and long-term outcomes.",
                    "Read your chain aloud with “if… then…”: if we run eight coding "
                    "workshops, then 60 teenagers learn basic programming; if they do, then "
                    "some of them will join the school's robotics club.",
                    "Where a link sounds weak, you have found an assumption to test or a risk "
                    "to manage.",
                ],
                {
                    "readings": [LOGIC_MODEL],
                    "quiz": [
                        (
                            "Which of these is an outcome?",
                            [
                                (
                                    "Participants feel confident using e-government services",
                                    True,
                                    "Yes: it is a change in people.",
                                ),
                                (
                                    "Twelve training sessions were held",
                                    False,
                                    "That is an output: it counts activity.",
                                ),
                                (
                                    "The library bought ten tablets",
                                    False,
                                    "That is an input.",
                                ),
                            ],
                        )
                    ],
                },
            ),
            (
                "planning-the-work",
                "Planning the work: milestones, risks and roles",
                30,
                "A twelve-month plan with milestones, a risk list and clear responsibilities.",
                [
                    "Break the project into phases with a milestone at the end of each: "
                    "partners confirmed, space ready, first group finished, evaluation done.",
                    "List the five risks that worry you most, how likely each is, how bad it "
                    "would be, and what you will do to prevent it or respond.",
                    "Give every task one owner. Shared ownership is often no ownership.",
                ],
                {},
            ),
            (
                "budgeting",
                "Budgeting a small library project",
                30,
                "Cost everything honestly, including staff time, and show where money comes from.",
                [
                    "List costs by category: staff time, equipment, materials, communication, "
                    "travel, evaluation. Include the library's own contribution in kind; it "
                    "shows commitment.",
                    "Check prices with two suppliers and keep a small contingency (5–10%).",
                    "Explain how the service will be paid for after the grant: a municipal "
                    "budget line, a partner, or a smaller version the library can afford.",
                ],
                {},
            ),
        ],
    },
    {
        "slug": "partnerships-and-advocacy",
        "title": "Partnerships, advocacy and communication",
        "summary": (
            "Find partners, make the case for your library with evidence, and tell your "
            "project's story to the people who matter."
        ),
        "reflection": ("reflection", "Your partnership and advocacy plan", False),
        "prompt": (
            "<p>Write 400–600 words: your three most important partners or decision makers, "
            "what each of them cares about, and the message and evidence you will use with "
            "each.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "stakeholders-and-partners",
                "Mapping stakeholders and partners",
                25,
                "Who has influence, who has interest, and what each partner gains.",
                [
                    "Draw a grid with influence on one axis and interest on the other. Place "
                    "everyone who can affect your project: the mayor's office, schools, NGOs, "
                    "local media, your own staff.",
                    "Keep high-influence, high-interest people closely involved; keep "
                    "high-influence, low-interest people informed in a few lines.",
                    "A good partnership gives each side something it needs. Write down what "
                    "the partner gains before you ask for anything.",
                ],
                {},
            ),
            (
                "advocacy-with-evidence",
                "Advocacy: telling the library's story with evidence",
                30,
                "Numbers and stories together convince decision makers.",
                [
                    "Decision makers remember a story and repeat a number. Combine both: "
                    "“Last year 340 job seekers used our computers; Marija found her job "
                    "through a CV workshop and now volunteers to teach the next group.”",
                    "Link your message to the decision maker's own goals: employment, young "
                    "people, tourism, social cohesion.",
                    "Ask for something specific at the end of every meeting.",
                ],
                {"readings": [PROJECT_OUTCOME]},
            ),
            (
                "communicating-your-project",
                "Communicating your project: channels and messages",
                25,
                "Reach the people your service is for where they already are.",
                [
                    "Choose channels by audience: parents read school notices and Viber "
                    "groups, young people see Instagram, older people listen to local radio "
                    "and trust word of mouth.",
                    "Write one key message in plain language and repeat it everywhere.",
                    "Plan communication before, during and after the project; the "
                    "after part is where future funding comes from.",
                ],
                {
                    "prompt": (
                        "Which channel reaches the people your project is for, and who in "
                        "your town already uses it well?",
                        "",
                    )
                },
            ),
        ],
    },
    {
        "slug": "evaluation-and-sustainability",
        "title": "Evaluation and sustainability",
        "summary": (
            "Measure what changed for people, learn from feedback, keep the service going and "
            "share what you learned with the network."
        ),
        "reflection": ("reflection", "What I learned, and what comes next", False),
        "prompt": (
            "<p>Looking back over the course: what did you learn about leading change, what "
            "happened with your project, and what will you do in the next year? 500–800 "
            "words.</p>"
        ),
        "required": True,
        "lessons": [
            (
                "measuring-outcomes",
                "Measuring outcomes, not only outputs",
                30,
                "Short surveys before and after, and a few indicators you can really collect.",
                [
                    "Choose two or three indicators per outcome and decide how you will collect "
                    "each: a short survey after a session, a follow-up call a month later, "
                    "observation notes.",
                    "Measure before and after where you can. A change in confidence from "
                    "“low” to “high” says more than a satisfaction score.",
                    "Collect only what you will use. Every question costs your users time.",
                ],
                {
                    "readings": [PROJECT_OUTCOME],
                    "quiz": [
                        (
                            "Which indicator best shows the outcome “job seekers write better "
                            "CVs”?",
                            [
                                (
                                    "The share of participants whose CV, reviewed before and "
                                    "after, meets a checklist",
                                    True,
                                    "Yes: it measures the change itself.",
                                ),
                                (
                                    "The number of workshops held",
                                    False,
                                    "That counts activity, not change.",
                                ),
                            ],
                        )
                    ],
                },
            ),
            (
                "using-feedback",
                "Collecting and using feedback",
                20,
                "Close the loop: tell people what you changed because of what they said.",
                [
                    "Collect feedback continuously: a comment box, a question at the end of "
                    "each session, a short conversation with a regular user.",
                    "Meet as a team once a month to read it and decide on one change.",
                    "Tell users what you changed. It is the best way to get honest feedback "
                    "next time.",
                ],
                {},
            ),
            (
                "sustainability",
                "Keeping it going: sustainability and scaling",
                30,
                "Plan for the day the grant ends from the day it starts.",
                [
                    "Sustainability has three parts: money (who pays after the grant), people "
                    "(who runs it when you are on leave) and demand (do people still want it).",
                    "Document the service so a colleague could run it: a short handbook, "
                    "templates, contacts.",
                    "Scaling can mean more branches, more partners or another library copying "
                    "your model. The network is your first audience.",
                ],
                {},
            ),
            (
                "sharing-with-the-network",
                "Sharing what you learned with the network",
                15,
                "Write it up, present it at the annual meeting, and help the next innovator.",
                [
                    "Prepare a two-page case study: the problem, what you did, what changed, "
                    "what you would do differently.",
                    "Present it at the annual networking meeting and offer to mentor an "
                    "innovator from the next cohort.",
                    "The network lasts because its members keep sharing; this is how INELI "
                    "Balkans became more than a course.",
                ],
                {
                    "prompt": (
                        "Which library in another country would you most like to learn from, "
                        "and what would you ask them?",
                        "",
                    )
                },
            ),
        ],
    },
]

# Module schedule for the INELI cohort (2025-09-01 → 2027-08-31): (release, due).
SCHEDULE = [
    ("2025-09-15", "2025-11-30"),
    ("2025-12-01", "2026-02-28"),
    ("2026-03-02", "2026-05-31"),
    ("2026-06-01", "2026-09-30"),
    ("2026-10-01", "2026-11-24"),
    ("2026-11-16", "2027-03-31"),
]

DOCUMENT_TEXT = """ONE-PAGE STRATEGY: TEMPLATE
Library: ______________________   Period: 20__–20__

MISSION (one or two sentences: what we do, for whom)

VISION (what our community is like if we succeed)

GOAL 1: ______________________
  Objective (SMART): ______________________
  Actions in the next 12 months (who, by when):
  -
  -
GOAL 2: ______________________
  Objective (SMART): ______________________
  Actions:
  -
GOAL 3: ______________________
  Objective (SMART): ______________________
  Actions:
  -

HOW WE WILL KNOW (indicators, collected when and by whom)

REVIEW DATES: ___ / ___ / ___ / ___
"""

# Macedonian translations: course, the first two modules and five lessons.
MK = {
    "course": {
        "title": "Лидерство за иновации во библиотеките",
        "intro": (
            "<p>Двегодишен онлајн курс за библиотекари иноватори: како да водите промени, "
            "да планирате стратешки, да дизајнирате нови услуги заедно со корисниците и да "
            "ја претворите идејата во проект што вашата библиотека може да го спроведе. "
            "Вашиот ментор ги чита вашите рефлексии и одговара на нив.</p>"
        ),
    },
    "leading-change": {
        "title": "Водење промени во вашата библиотека",
        "summary": (
            "Што значи иновација во јавна библиотека, каде стои вашата библиотека во "
            "заедницата и како да водите кога не сте директор."
        ),
        "reflection_title": "Вашата почетна точка како лидер",
    },
    "strategic-planning": {
        "title": "Стратешко планирање за библиотеки",
        "summary": (
            "Мисија и визија, анализа на опкружувањето, слушање на заедницата и мерливи "
            "цели: стратешки план што собира на една страница."
        ),
        "reflection_title": "Нацрт на стратешки план",
    },
    "what-innovation-means": {
        "title": "Што значи иновација во библиотеката",
        "summary": "Иновацијата во библиотеките ретко е за уреди: таа е нова вредност за луѓето.",
        "paragraphs": [
            "Иновација во јавна библиотека е нова или подобрена услуга што создава вредност за "
            "луѓето што ги опслужува. Мобилна библиотека во село без огранок, клуб за домашни "
            "задачи со локалното училиште, сабота наутро за поправка на предмети: ништо од ова "
            "не бара нова технологија, а сето тоа менува што значи библиотеката за некого.",
            "Размислувајте за иновацијата како за три прашања што постојано се поставуваат: "
            "кого сè уште не го опслужуваме добро, што навистина би му помогнало и која е "
            "најмалата работа што можеме да ја пробаме следниот месец за да дознаеме?",
            "Во INELI Балкан иноваторите работат во многу различни библиотеки: национална "
            "библиотека, градска библиотека со дваесет ограноци, општинска библиотека со тројца "
            "вработени. Методот е ист, а обемот го избирате вие.",
        ],
        "prompt": (
            "Наведете една услуга во вашата библиотека што била нова пред пет години. Кој се "
            "залагал за неа и што ја одржало?"
        ),
    },
    "library-in-community": {
        "title": "Местото на вашата библиотека во заедницата",
        "summary": "Мапирајте кој ја користи библиотеката, кој не и на што работи заедницата.",
        "paragraphs": [
            "Пред да планирате нешто ново, погледнете нанадвор. Нацртајте едноставна мапа на "
            "вашата заедница: училишта, клубови, работодавачи, општински служби, културни "
            "организации, малцинства и новодојденци. Означете ги оние со кои библиотеката веќе "
            "соработува и оние што никогаш не ги среќава.",
            "Потоа погледнете ги бројките што веќе ги имате: членови по возраст и населба, "
            "посети, позајмици, настани. Тие покажуваат кој доаѓа; празнините на мапата "
            "покажуваат кој не доаѓа.",
            "На крај, прашајте што самата заедница сака да постигне. Услуга што помага во една "
            "од тие цели многу полесно наоѓа партнери и финансии.",
        ],
    },
    "leading-without-a-title": {
        "title": "Лидерство без титула",
        "summary": "Влијание, доверба и мали победи: како иноваторите водат од средината.",
        "paragraphs": [
            "Повеќето иноватори не се директори. Водите со влијание: со јасно кажан проблем, "
            "со докази и со тоа што им олеснувате на другите да кажат „да“.",
            "Почнете со сојузници. Кој во вашата библиотека се грижи за истите луѓе како вас? "
            "Кој ќе мора да работи повеќе и што би го направило тоа вредно за него?",
            "Стремете се кон мала, видлива победа во првите месеци. Успешен пилот-проект, "
            "колку и да е скромен, гради повеќе доверба од најдобрата презентација.",
        ],
        "quiz": [
            (
                "Вашиот директор не е сигурен за вашата идеја. Кој е обично најдобриот "
                "следен чекор?",
                [
                    (
                        "Предложете мал пилот-проект со јасен краен рок и начин на мерење",
                        True,
                        "Да: пилотот го намалува ризикот и дава докази.",
                    ),
                    (
                        "Почекајте додека самите не станете раководител",
                        False,
                        "За лидерство не е потребна титула; чекањето го губи замавот.",
                    ),
                    (
                        "Побарајте од министерството да ја нареди промената",
                        False,
                        "Заобиколувањето на луѓето ретко ја гради довербата што ви треба.",
                    ),
                ],
            )
        ],
    },
    "mission-vision-values": {
        "title": "Зошто планираме: мисија, визија и вредности",
        "summary": "Планот почнува со тоа зошто постои библиотеката и што сака да стане.",
        "paragraphs": [
            "Мисијата кажува што прави библиотеката и за кого, денес. Визијата кажува каква ќе "
            "биде заедницата ако библиотеката успее. Вредностите кажуваат како се однесуваат "
            "вработените на тој пат.",
            "Добрите мисии се доволно кратки за да се запомнат. Проверете ја вашата: замолете "
            "колега на шалтерот за позајмување да ви ја каже со свои зборови.",
            "Во стратешкиот план овие изјави имаат задача: секоја цел мора да ѝ служи на "
            "мисијата, а секој проект мора да води кон визијата.",
        ],
    },
    "scanning-the-environment": {
        "title": "Анализа на опкружувањето: PEST и SWOT",
        "summary": "Погледнете ги силите околу библиотеката, потоа нејзините силни и слаби страни.",
        "paragraphs": [
            "PEST-анализата ги наведува политичките, економските, социјалните и технолошките "
            "промени што ќе влијаат врз вашата библиотека во следните три до пет години.",
            "SWOT-анализата потоа го подредува она што сте го нашле: силните и слабите страни "
            "се внатре во библиотеката, а можностите и заканите се надвор од неа.",
            "Правете ги двете со колеги и со неколку корисници, не сами. Разговорот вреди "
            "колку и табелата што ќе произлезе од него.",
        ],
        "quiz": [
            (
                "Во SWOT-анализата, каде спаѓа „градот отвора ново средно училиште следната "
                "година“?",
                [
                    ("Можности", True, "Точно: тоа е надвор од библиотеката и носи партнери."),
                    ("Силни страни", False, "Силните страни се внатре во библиотеката."),
                    ("Закани", False, "Може, но пред сè е шанса за партнерство."),
                ],
            ),
            (
                "Што од ова е слабост?",
                [
                    (
                        "Ниту еден вработен не е сигурен во предавање дигитални вештини",
                        True,
                        "Да: внатрешно ограничување што можете да го подобрите.",
                    ),
                    (
                        "Општината го намалува буџетот за култура",
                        False,
                        "Тоа е надворешна закана.",
                    ),
                ],
            ),
        ],
    },
}
