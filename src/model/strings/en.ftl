# Dossier's interface strings in English (Fluent syntax: https://projectfluent.org).
# A site overrides any of them in i18n/en.toml: key = "text".
skip-link = Skip to content
theme-dark = Dark theme
theme-light = Light theme
search-label = Search this site
search-placeholder = Search
search-hint = Results appear as you type. Down arrow moves into them, Enter opens one, Escape clears the search.
nav-label = Sections
nav-explainer = Explainer
nav-background = Background
nav-timeline = Timeline
nav-glossary = Glossary
background-summary = Context and history behind the story.
timeline-summary = The events of the story, oldest first.
timeline-index-summary = The events of the story, a page for each year.
timeline-year-title = Timeline: { $year }
timeline-year-summary = The events of { $year }, oldest first.
credits-title = Image credits
credits-summary = Every image this site shows, with its credit and licence.
glossary-summary = The people, groups, places and terms of the story, A to Z.
not-found = Page not found
contents = Contents
sources = Sources
sources-label = Sources:
source = Source
as-of = As of
updated = Updated
published = Published
published-by = Published by
built-with = Built with Dossier.
feed-title = { $site }: updates
key-events = Key events
link-to-event = Link to this event: { $title }
# What an event's permalink is named by, before the event's heading (named by reference).
link-to-event-label = Link to this event:
link-to-term = Link to this term: { $title }
update = Update
correction = Correction
clarification = Clarification
updates = Updates and corrections
callout-note = Note
callout-tip = Tip
callout-important = Important
callout-warning = Warning
callout-caution = Caution
table = Table { $n }
languages = Languages
language-name = English
fallback = This page has not been translated yet: it is shown in its original language.
stale = This translation renders the original of { $date }. Since then the original has changed:
stale-none = The original has changed since; read the original for the latest text.
stale-original = Read the original
results = { $n ->
    [one] { $n } result
   *[other] { $n } results
}
colon = :
by = By
first-published = First published
what-changed = What changed
further-sources = Further sources
no-background = No background pages yet.
no-events = No events yet.
no-terms = No terms yet.
years = Years
# Between the items of a list in running text (aliases, authors), and between lists.
list-separator = {", "}
list-semicolon = {"; "}
map-overview-title = Places on the timeline
map-overview-label = Map of the places on the timeline
map-locator-title = Map: { $places }
all-years = All years
other-years = Other years
event-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
letters = Letters
show-events-about = Show events about:
all = All
also = Also:
kind-person = person
kind-organization = organization
kind-place = place
kind-agreement = agreement
kind-operation = operation
kind-concept = concept
mentioned-in = Mentioned in { $n ->
    [one] { $n } place
   *[other] { $n } places
}
image-credits = Image credits
about-site = About this site
back-to-source = Back to where source { $n } is cited
in-section = , in “{ $section }”
back-to-citations = Back to the citations of source { $n }:
back-to-citations-in = In “{ $section }”:
# Describes a back-link with the heading of the place it leads to: "In" <heading>.
in-section-label = In
fallback-entry = Not yet translated: shown in its original language.
link-to-section = Link to this section
chart-as-of = Data as of
chart-csv = Download the data (CSV)
chart-table = Show the data as a table
chart-data = Data: { $title }
places = Places
# Written in the browser by search.js and dossier.js (each plural form is sent to the page).
search-loading = Loading search…
search-failed = Search could not be loaded.
search-none = No results for “{ $query }”.
search-results = { $n ->
    [one] { $n } result.
   *[other] { $n } results.
}
search-partial = No page has every word; { $n ->
    [one] { $n } result has
   *[other] { $n } results have
} some of them.
search-first = Showing the first { $n }.
filter-status = Showing { $n ->
    [one] { $n } event
   *[other] { $n } events
}: { $group }
term-full-entry = Full entry
# The Atom feed's entries (kind: Update, Correction…) and schema.org names.
feed-entry = { $kind }: { $summary }
feed-summary = { $kind } to “{ $page }”: { $summary }
jsonld-timeline = Timeline: { $site }
jsonld-glossary = Glossary: { $site }
# An embed's button, before it loads the host's player.
embed-play = Play “{ $title }”
embed-host = (loads content from { $host })
# The list of image credits (the credits page, or the end of pages/credits.md).
credits-every = Every credited image
credits-shown-on = Shown on
credits-none = No page of this site shows a credited image.
# The labels of a source's back-links to its citations, in order, separated by spaces.
backref-letters = a b c d e f g h i j k l m n o p q r s t u v w x y z
