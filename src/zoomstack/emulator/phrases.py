"""The words generated meetings are made of: topics, slot values and line templates.

Templates are `str.format` strings; a slot such as `{feature}` or `{component}` gets a
value from `SLOTS` when the line is spoken, `{other}` is another speaker's first name.
Lines that carry content come in pairs: what is said, and how a summary reports it
(`{who}` is the speaker's first name), so summaries restate what the dialogue said.
"""

from __future__ import annotations

TEAMS = ("Platform", "Payments", "Growth", "Mobile", "Data", "Infra", "Search", "Core API", "Web")

FEATURES = (
    "the onboarding flow", "the billing service", "search ranking", "the mobile release",
    "the data pipeline", "SSO support", "the pricing page", "the notifications service",
    "the admin dashboard", "the export feature", "the checkout redesign", "the API gateway",
    "the reporting module", "dark mode", "the recommendation engine", "the audit log",
    "the permissions model", "usage analytics", "the invoice email flow", "the public API reference",
)  # fmt: skip

SLOTS: dict[str, tuple[str, ...]] = {
    "feature": FEATURES,
    "component": (
        "the cache layer", "the auth service", "the job queue", "the database schema",
        "the CI pipeline", "the load balancer", "the feature flag service", "the webhook consumer",
        "the search index", "the front end", "the staging environment", "the retry logic",
        "the rate limiter", "the event bus",
    ),
    "metric": (
        "p95 latency", "the error rate", "conversion", "churn", "weekly sign-ups",
        "page load time", "build time", "test coverage", "ticket volume", "activation",
    ),
    "customer": ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"),
    "number": ("two", "three", "four", "five", "six", "eight", "ten"),
    "percent": ("five", "eight", "ten", "twelve", "fifteen", "twenty", "thirty"),
    "activity": (
        "fixing bugs in {component}", "writing tests for {component}",
        "reviewing pull requests", "cleaning up {component}", "profiling {component}",
    ),
    "next": (
        "keep going on that", "start on {feature}", "finish the review and merge it",
        "look into the alerts on {component}", "pair with {other} on {component}",
    ),
}  # fmt: skip

TASKS = (
    "send the deck to the team", "write up the RFC", "update the Jira tickets",
    "schedule a follow-up with design", "fix the flaky tests", "draft the release notes",
    "review the open pull requests", "share the metrics dashboard", "sync with legal on the contract",
    "update the roadmap doc", "run the load test", "set up the staging environment",
    "write the migration script", "go through the error logs", "prepare the demo",
    "clean up the backlog", "document the API changes", "estimate the remaining work",
    "post a summary in the channel", "talk to the customer about the timeline",
)  # fmt: skip

DUES = (
    "by Friday", "by end of day", "by tomorrow", "by next Tuesday", "before the next sprint",
    "by the end of the week", "before Thursday's sync", "by Monday", "before the release",
)  # fmt: skip

# -- the meeting kinds ---------------------------------------------------------------

KIND_LABELS = {
    "standup": "stand-up",
    "design_review": "design review",
    "planning": "planning session",
    "retro": "retrospective",
}
KIND_KEYWORDS = {
    "standup": ("stand-up", "standup", "daily", "sync"),
    "design_review": ("design", "review", "architecture"),
    "planning": ("planning", "roadmap", "plan"),
    "retro": ("retro",),
}
TOPICS = {
    "standup": ("{team} daily stand-up", "{team} stand-up", "Daily sync: {team}"),
    "design_review": ("Design review: {Feature}", "{Feature} design review", "Architecture review: {Feature}"),
    "planning": ("Sprint {sprint} planning", "Q{quarter} roadmap planning", "{team} planning"),
    "retro": ("Sprint {sprint} retro", "{team} retrospective"),
}  # fmt: skip
ASPECTS = (
    "API design", "Data model", "Rollout plan", "Testing strategy", "Performance",
    "Error handling", "Security review", "Migration",
)  # fmt: skip
RETRO_SECTIONS = ("What went well", "What could be improved")

DECISIONS = {
    "design_review": (
        "ship {feature} behind a feature flag", "keep the current schema and add an index",
        "split the work into two phases", "reuse {component} instead of building a new service",
        "drop support for the legacy endpoint", "add retries with backoff to {component}",
        "postpone the migration until after the release",
    ),
    "planning": (
        "commit to {feature} this sprint", "push {feature} to next sprint",
        "keep ten percent of capacity for bugs", "cut {feature} down to the MVP",
        "pair on {component} to spread the knowledge",
    ),
    "retro": (
        "timebox stand-ups to fifteen minutes", "add a checklist for releases",
        "review pull requests within one business day", "rotate the on-call schedule weekly",
    ),
    "standup": ("move the {component} discussion to a separate call",),
}  # fmt: skip

# -- lines -------------------------------------------------------------------------

GREETINGS = (
    "Hi everyone, thanks for joining.", "Okay, let's get started.", "Morning all.",
    "Hey folks, let's give it another minute for people to join.",
)  # fmt: skip
REPLIES = ("Hi!", "Morning.", "Hey everyone.", "Hi, can you hear me okay?", "Hello.")
AGENDA = ("So today I want to cover {items}.", "On the agenda today: {items}.")
SECTION_OPENERS = ("Okay, next up: {title}.", "Let's move on to {title}.", "Alright, {title}.")
FIRST_SECTION = ("Let's start with {title}.", "First up, {title}.")
BACKCHANNEL = (
    "Yeah, that makes sense.", "Right.", "Mm-hmm.", "Okay.", "Good point.", "Agreed.",
    "Sounds good.", "Yeah, I think that's fair.", "Sorry, I was on mute.",
    "Can you say that again? You cut out for a second.", "Let me share my screen.",
    "I'll drop the link in the chat.",
)  # fmt: skip
CLOSINGS = (
    "Okay, I think that's everything. Thanks everyone.",
    "Great, let's wrap up. I'll send out the notes.",
    "Alright, we're at time. Thanks all, talk soon.",
)
GOODBYES = ("Thanks!", "Bye.", "See you.", "Thanks, bye.")

# (spoken, reported) pairs
STATEMENTS = (
    ("So the main change is that {feature} now goes through {component}.",
     "{who} explained that {feature} now goes through {component}."),
    ("We're seeing {metric} go up since the last release, which is a bit worrying.",
     "{who} flagged that {metric} has gone up since the last release."),
    ("The numbers look good, {metric} is up about {percent} percent week over week.",
     "{who} reported {metric} up about {percent} percent week over week."),
    ("One concern I have is the migration, it touches {component}.",
     "{who} raised a concern that the migration touches {component}."),
    ("I'd rather keep it simple for now and revisit after the launch.",
     "{who} preferred to keep it simple and revisit after the launch."),
    ("We had {number} incidents last week, mostly around {component}.",
     "{who} mentioned {number} incidents last week, mostly around {component}."),
    ("Customers keep asking about {feature}, it came up in {number} calls this week.",
     "{who} said customers asked about {feature} in {number} calls this week."),
    ("I talked to {customer} and they really want {feature} before the end of the quarter.",
     "{who} said {customer} wants {feature} before the end of the quarter."),
)  # fmt: skip
QUESTIONS = (
    ("How long do you think {feature} will take?",
     "Honestly, probably {number} days if nothing else comes up.",
     "{who} estimated about {number} days for {feature}."),
    ("What's the impact on {metric}?",
     "In the test we saw {metric} improve by about {percent} percent.",
     "{who} reported that {metric} improved by about {percent} percent in testing."),
    ("Do we have test coverage for {component}?",
     "Partially. The happy path is covered but not the edge cases.",
     "{who} noted that {component} only has partial test coverage."),
    ("Is {component} going to be a bottleneck?",
     "I don't think so, we load tested it at {number} times the current traffic.",
     "{who} said {component} was load tested at {number} times the current traffic."),
    ("Did we get sign-off from design?",
     "Not yet, they still had some comments on the empty states.",
     "{who} said design sign-off is still pending on the empty states."),
    ("Can we reuse {component} for this?",
     "Yeah, mostly. We'd need a small change to the config.",
     "{who} confirmed {component} can be reused with a small config change."),
)  # fmt: skip
DECISION_LINES = (
    "Okay, so let's {decision}.", "Alright, decision: we'll {decision}.",
    "I think we're agreed then, we'll {decision}.", "Let's do that, we'll {decision}.",
)  # fmt: skip
ASSIGN_LINES = ("{other}, can you {task} {due}?", "{other}, could you take that? {task_cap} {due}.")
ACCEPT_LINES = (
    "Sure, I'll do that.",
    "Yep, will do.",
    "Yeah, I can do that.",
    "Okay, I'll {task} {due}.",
)
VOLUNTEER_LINES = (
    "I'll {task} {due}.",
    "I can {task} {due}.",
    "Let me take that. I'll {task} {due}.",
)

STANDUP_UPDATES = (
    ("Yesterday I worked on {feature}, mostly {activity}. Today I'm going to {next}.",
     "{who} worked on {feature} and plans to {next}."),
    ("So I'm still on {feature}. Made good progress, today I'll {next}.",
     "{who} made good progress on {feature} and will {next}."),
)  # fmt: skip
NO_BLOCKERS = ("No blockers.", "Nothing blocking me.", "That's it for me, no blockers.")
BLOCKERS = (
    ("I'm blocked on access to {component}.", "{who} is blocked on access to {component}.",
     "get {helped} access to {component}"),
    ("I'm waiting on a review from {other}.", "{who} is waiting on a code review.",
     "review {helped}'s pull request"),
)  # fmt: skip
HELP_LINES = ("I can {task} right after this call.", "Oh, I'll {task} today.")

RETRO_LINES = {
    "What went well": (
        ("I think the release went really smoothly this time.", "{who} felt the release went smoothly."),
        ("Pairing on {component} really helped.", "{who} found pairing on {component} helpful."),
        ("Good job on the launch of {feature}, everyone.", "{who} praised the team on the launch of {feature}."),
    ),
    "What could be improved": (
        ("The review queue got really long again.", "{who} said the review queue got too long."),
        ("The staging environment was down for {number} days.", "{who} noted staging was down for {number} days."),
        ("Requirements for {feature} changed pretty late.", "{who} said requirements for {feature} changed late."),
    ),
}  # fmt: skip

CHAT_LINES = (
    "Here's the doc: https://docs.zoomstack.example/{slug}", "+1", "Agreed!",
    "Sorry, I have to drop a few minutes early.", "Can someone share the link to the ticket?",
    "PROJ-{ticket} for reference", "Great demo!", "I'll follow up on Slack.",
    "Notes are in the shared folder.", "Thanks all!",
)  # fmt: skip

FILLERS = ("Um, ", "Uh, ", "So, ", "Yeah, so ", "I mean, ", "Okay, so ")
MID_FILLERS = (", uh,", ", um,", ", you know,", ", like,")
