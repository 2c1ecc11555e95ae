"""The labelled questions the shape classifier learns from, written as officers and members
write: search-box fragments, questions, imperatives, we/our/us, misspellings, lower case,
with and without a council, follow-ups and mixed asks.

Each hand-written wording is a *pattern*; it is rendered a few times with councils, years
and topics. Train, dev and test are split by pattern, never by row, so no test wording
differs from a training one only by its council. Dev and test patterns name councils the
shipped index holds (so `ask` can be measured on them); training patterns name any of
England's councils.

    python -m eval.shape_questions      # writes retriever/understand/data/shape_questions.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from retriever.understand.places import LOCAL_AUTHORITIES

OUT = Path(__file__).resolve().parent.parent / "retriever/understand/data/shape_questions.jsonl"

# Councils of the shipped corpus, and those of them with two inspections (a trend) or
# statistical neighbours in it (a neighbour comparison).
HELD = [
    "Birmingham", "Bournemouth, Christchurch and Poole", "Cheshire East", "Kent", "Leeds",
    "Norfolk", "Southend-on-Sea", "Staffordshire", "Wolverhampton",
]  # fmt: skip
HELD_SHORT = ["BCP", "Southend", "Staffs", "Kent", "Leeds", "Norfolk", "Birmingham"]
TWO_INSPECTIONS = ["Kent", "Staffordshire", "Staffs"]
WITH_NEIGHBOURS = ["Kent", "Leeds", "Norfolk", "Southend", "BCP", "Southend-on-Sea"]
GRADED = ["Birmingham", "Kent", "Leeds", "Norfolk", "Southend", "BCP", "Wolverhampton"]
YEARS = ["2019", "2022", "2023", "2024", "2025"]
AREAS = [
    "care leavers", "children in care", "help and protection", "leadership",
    "overall effectiveness", "looked after children", "children who need help and protection",
    "the impact of leaders",
]  # fmt: skip
REGIONS = [
    "the North East", "north west", "Yorkshire and the Humber", "the East Midlands",
    "west midlands", "the East of England", "London", "the South East", "south-west",
    "Yorkshire", "the north-east", "London boroughs", "the midlands", "inner London",
]  # fmt: skip
GRADE_WORDS = ["inadequate", "outstanding", "good", "requires improvement", "requires improvment"]
TOPICS = [
    "care leaver accommodation", "the LADO", "private fostering", "exploitation",
    "supervision of social workers", "caseloads", "the front door", "MASH", "early help",
    "missing children", "children with disabilities", "pathway plans", "return home interviews",
    "unaccompanied asylum-seeking children", "placement sufficiency", "the virtual school",
    "staff turnover", "agency social workers", "domestic abuse", "neglect",
    "16 and 17 year olds who are homeless", "corporate parenting", "independent visitors",
    "special guardianship", "child protection conferences", "edge of care",
]  # fmt: skip

# shape -> wordings. {c} a council, {c2} another, {y} a year, {a} a judged area, {t} a topic.
PATTERNS: dict[str, list[str]] = {
    "grades": [
        "How was {c} rated at its most recent Ofsted inspection?",
        "What are {c}'s Ofsted ratings?",
        "{c} ofsted rating",
        "{c} grades",
        "what grade did {c} get",
        "How did Ofsted judge {c} children's services?",
        "show me {c}'s judgements",
        "What is {c}'s overall effectiveness grade?",
        "is {c} good or outstanding?",
        "{c} ofsted judgement {y}",
        "how were we graded? ({c})",
        "What rating did we get at our last inspection in {c}?",
        "Is {c} inadequate?",
        "grades for {c} please",
        "what were the judgments for {c}",
        "{c} childrens services ofsted raiting",
        "how did {c} score in the ilacs",
        "what did ofsted grade {c} for {a}",
        "tell me how {c} was rated for {a}",
        "{c} {a} grade",
        "What judgement did {c} receive for {a}?",
        "our ofsted grades",
        "What was the overall judgement?",
        "Give me the judgement table for {c}",
    ],
    "improve": [
        "What does {c} need to improve?",
        "What needs to improve in {c}?",
        "areas for improvement {c}",
        "{c} what needs to improve",
        "What did Ofsted recommend for {c}?",
        "the key recommendations from {c}'s {y} inspection",
        "list the improvements Ofsted asked {c} to make",
        "what do we need to get better at according to ofsted",
        "what must we improve",
        "Where does {c} fall short?",
        "{c} weaknesses ofsted",
        "What did inspectors say {c} should work on?",
        "what are the improvment areas for {c}",
        "Ofsted's recommendations for {c}",
        "what should {c} do better",
        "show the what needs to improve list for {c}",
        "what were the areas of weakness found in {c}",
        "What were we told to fix?",
        "inspection recommendations {c} {y}",
        "What are the four things {c} has to improve?",
        "what's not good enough in {c}",
    ],
    "recommendations": [
        "What is cabinet asked to decide?",
        "What are members asked to agree in the {c} cabinet report?",
        "What did the {c} cabinet report recommend?",
        "recommendations to cabinet {c}",
        "what decision is the committee being asked to make",
        "What are councillors recommended to do?",
        "what is being proposed in the council report",
        "{c} cabinet paper recommendations",
        "what does the officers report ask members to note",
        "What is the scrutiny committee invited to do?",
        "what are we asking cabinet to approve",
        "decisions required from {c} cabinet",
        "what does the report to cabinet recommend",
        "what are the recomendations in the cabinet report",
        "What is the council being asked to endorse?",
        "which decisions does the {c} paper ask for",
    ],
    "briefing": [
        "Summarise the inspection for cabinet",
        "Summarise {c}'s latest Ofsted inspection",
        "key findings {c}",
        "What are the headlines for {c}?",
        "Give me a briefing on {c}'s inspection",
        "What did the inspection find?",
        "brief me on {c} before the scrutiny meeting",
        "{c} ofsted summary",
        "main points of {c}'s report",
        "What were the strengths and weaknesses found in {c}?",
        "I need a one page overview of {c}'s ofsted for members",
        "tl;dr of the {c} inspection",
        "what did ofsted find in {c}",
        "sumarise our inspection",
        "How did {c} do in its inspection overall? Give me the key messages",
        "write me a note for the lead member on {c}'s ofsted",
        "what were the main conclusions about {c}",
        "key messages from our ofsted for the portfolio holder",
        "grades and what to improve for {c}",
        "what's the story of {c}'s inspection in a nutshell",
    ],
    "trend": [
        "How has {c} changed since {y}?",
        "progress since the last inspection",
        "Has {c} improved since the previous inspection?",
        "How have {c}'s grades changed over time?",
        "{c} ofsted history",
        "{c} grades over time",
        "is {c} getting better or worse",
        "Have we improved since our last ofsted?",
        "compare {c}'s last two inspections",
        "what changed between {c}'s inspections",
        "{c} trajectory",
        "did {c} go up or down at its latest inspection",
        "How has {c} progressed from its earlier judgement?",
        "all of {c}'s previous grades",
        "has the rating for {c} gone down",
        "{c} then and now",
        "how did {c}'s grades move between inspections",
        "has {c} got worse since the SIF",
        "trend in our ofsted judgements",
    ],
    "compare": [
        "Compare {c} with its statistical neighbours",
        "How does {c} compare with similar councils?",
        "benchmark {c} against comparable authorities",
        "{c} vs statistical neighbours",
        "how do we compare to our neighbours",
        "How does {c} stack up against its stat neighbours on {a}?",
        "compare {c} with its statistical neighbours on {a}",
        "{c} compared to similar local authorities",
        "how do {c}'s grades compare with its neighbours",
        "Benchmark our ofsted against similar councils",
        "Compare {c} and {c2}",
        "{c} vs {c2} ofsted",
        "How do {c} and {c2} differ on {a}?",
        "is {c} doing better than comparable councils?",
        "compare {c} with {c2} on {a}",
        "where does {c} sit against its statistical neighbours",
        "how does {c} compare?",
        "rank {c} against its comparator group",
        "{c} and {c2} side by side",
        "how do we measure up against similar authorities on {a}",
    ],
    "neighbours": [
        "Which councils are {c}'s statistical neighbours?",
        "who are {c}'s stat neighbours",
        "list {c}'s statistical neighbours",
        "{c} statistical neighbours",
        "who are our statistical neighbours",
        "Which local authorities are similar to {c}?",
        "name {c}'s comparator authorities",
        "what are the statistical neighbours of {c}",
        "who counts as a statistical neighbour for {c}",
        "show {c}'s neighbour group",
        "which councils is {c} benchmarked against",
        "who are our comparator councils",
        "{c} comparator group members",
        "statistical neighbour list for {c}",
        "which las are in {c}'s statistical neighbour group?",
    ],
    "which": [
        "Which councils were rated {g}?",
        "Which councils were rated {g} for {a} in {y}?",
        "list the councils rated {g}",
        "which local authorities got {g} for {a}",
        "councils judged {g} overall",
        "Which authorities are {g}?",
        "show all councils graded {g} for {a}",
        "who was rated {g} in {y}",
        "which LAs were {g} overall",
        "name the councils that were {g} for leadership",
        "any councils rated {g} for {a}?",
        "which councils {g}",
        "councils with an {g} judgement for {a}",
        "Which areas got {g} since {y}?",
        "list authorities rated {g} at their latest inspection",
        "which councils were {g} overall in {y}",
        "which councils in {r} were rated {g}",
        "which councils have a {t} service",
        "{r} councils judged {g} for {a}",
        "councils criticised for {t}",
        "where has ofsted praised {t}",
        "which LAs in {r} are {g}",
        "Which councils were told to improve {t}?",
        "which authorities in {r} got {g} for {a}",
        "which councils use {t}",
        "Where did inspectors raise concerns about {t}?",
    ],
    "count": [
        "How many councils were rated {g}?",
        "How many councils were judged {g} overall?",
        "how many local authorities were rated {g} for {a}",
        "number of councils rated {g} in {y}",
        "how many LAs got {g}",
        "count of councils {g} for {a}",
        "How many authorities were {g} at their last inspection?",
        "how many councils are {g} now",
        "what is the number of councils rated {g} overall",
        "how many councils were graded {g} for {a} since {y}",
        "total number of councils judged {g} for leadership",
        "how many were rated {g} in {y}",
        "how many councils got {g}",
        "How many councils have an {g} rating for {a}?",
        "how many authorities are good or better for {a}",
        "how many councils in {r} are {g}",
        "number of {g} councils in {r}",
        "how many {r} authorities were judged {g} for {a}",
        "How many LAs in {r} got {g} overall?",
        "count of {g} councils across {r}",
    ],
    "movement": [
        "Which councils have improved since their last inspection?",
        "Which councils were {g} at their previous inspection but are {g2} now?",
        "who has come out of inadequate",
        "councils that went from {g} to {g2}",
        "Which councils in {r} have declined?",
        "which councils in {r} improved",
        "Which authorities declined at their most recent inspection?",
        "which councils remained {g} at both inspections",
        "which LAs moved up a grade",
        "councils that dropped a grade for {a}",
        "Who has improved from requires improvement to good?",
        "which councils are no longer inadequate",
        "which councils in {r} have gone down since last time",
        "biggest improvers in {r}",
        "councils whose grade changed for {a}",
    ],
    "region_table": [
        "Ofsted grades of every council in {r}",
        "{r} league table",
        "show all councils in {r} with their grades",
        "grades for each council in {r}",
        "how are councils in {r} rated",
        "list every {r} council and its rating",
        "{r} ofsted results",
        "what grades did the councils in {r} get",
        "all {r} authorities ofsted ratings",
        "give me a table of the {r} councils",
    ],
    "region_compare": [
        "How does {r} compare with other regions?",
        "{r} vs other regions",
        "compare regions ofsted grades",
        "which region has the most inadequate councils",
        "how do {r} councils compare to the rest of england",
        "regional comparison of ofsted ratings",
        "is {r} better than {r2}",
        "grades by region",
        "how does our region compare nationally",
        "{r} against the national picture",
    ],
    "fact_inspector": [
        "Who led {c}'s inspection?",
        "Who was the lead inspector for {c}?",
        "lead inspector {c}",
        "{c} lead inspector {y}",
        "who was our lead inspector",
        "name of the HMI who led the {c} inspection",
        "which inspector did {c}'s ILACS",
        "who carried out the {c} inspection",
        "Who inspected {c}?",
        "who was the lead HMI for {c}",
        "who headed the inspection team in {c}",
        "tell me the lead inspector's name for {c}",
        "who led the {c} inspection in {y}",
        "who was in charge of the {c} ofsted inspection",
        "leed inspector for {c}",
        "who did our inspection",
    ],
    "fact_dates": [
        "When was {c} inspected?",
        "When was {c} last inspected?",
        "{c} inspection dates",
        "what dates was the {c} inspection",
        "when did ofsted visit {c}",
        "when were we last inspected",
        "date of {c}'s last inspection",
        "when did inspectors come to {c}",
        "what week was {c} inspected",
        "when did the {c} ilacs take place",
        "How long did the {c} inspection last?",
        "when was our ofsted",
        "{c} last ofsted date",
        "when was {c}'s most recent inspection carried out",
        "which dates were inspectors on site in {c}",
        "when was the inpsection of {c}",
    ],
    "fact_publication": [
        "When was the {c} report published?",
        "{c} report publication date",
        "when was {c}'s ofsted report published",
        "when did the {c} report come out",
        "what date was our report published",
        "when was the report released",
        "publication date of {c}'s inspection report",
        "when did ofsted publish {c}'s report",
        "when was {c}'s report made public",
        "date the {c} ofsted report was published",
        "When did the {y} {c} report go online?",
        "when was our ofsted report published",
        "when was it publised",
        "{c} ofsted report release date",
        "what day did the {c} report come out",
    ],
    "topic": [
        "What did Ofsted say about {t} in {c}?",
        "{c} {t}",
        "{t}",
        "How good is {t} in {c}?",
        "Tell me about {t}",
        "what does the report say about {t}",
        "are we doing enough on {t}",
        "Is {c}'s {t} any good?",
        "how does {c} handle {t}",
        "evidence on {t} in {c}",
        "What do inspectors say about our {t}?",
        "does {c} have problems with {t}",
        "how well are children supported with {t} in {c}",
        "{t} findings",
        "what's happening with {t}",
        "How many social workers does {c} have?",
        "what is the caseload of social workers in {c}",
        "what did the report find on {t} in {y}",
        "quotes about {t} from {c}'s report",
        "how effective is {c}'s work on {t}",
        "describe {t} in {c}",
        "is there any mention of {t}",
        "What does the {c} report say about {a}?",
        "tell me about {a} in {c}",
    ],
}

# More wordings, all for training: the more ways of asking the model has seen, the better
# it reads a way it has not.
TRAIN_ONLY: dict[str, list[str]] = {
    "movement": [
        "councils that improved between inspections",
        "which councils have gone from {g} to {g2} since their last inspection",
        "who moved out of {g}",
        "LAs that have declined since {y}",
        "which councils in {r} were {g} before and are {g2} now",
        "show councils whose overall grade improved",
        "which councils got a better grade for {a} this time",
        "councils downgraded at their latest inspection",
        "which authorities have stayed {g} two inspections running",
        "have any councils in {r} improved",
        "list councils that went down a grade",
        "who escaped inadequate",
        "councils that were {g} last time",
        "which councils have turned around",
        "improvement in grades since the previous inspection by council",
        "who in {r} has improved",
        "who in {r} moved out of {g}",
        "anyone in {r} gone from {g} to {g2}?",
    ],
    "region_table": [
        "{r} councils and their ofsted grades",
        "ofsted ratings across {r}",
        "every local authority in {r} ranked",
        "{r} ratings table",
        "latest grades for all councils in {r}",
        "who is good and who is not in {r}",
        "show me {r}",
        "ofsted outcomes for {r} councils",
        "each {r} council's latest inspection",
        "what are the ofsted grades in {r}",
        "councils in {r} with grades",
        "the {r} picture council by council",
    ],
    "region_compare": [
        "how does {r} do compared with the rest of the country",
        "{r} compared to england",
        "counts of grades per region",
        "which region is best for children's services",
        "how many outstanding councils in each region",
        "{r} and {r2} compared",
        "regional breakdown of ofsted grades",
        "is {r} above the england average",
        "how do regions compare for {a}",
        "our region against others",
        "ofsted grades region by region",
        "where does {r} rank among the regions",
    ],
    "grades": [
        "what did {c} get from ofsted",
        "{c} rated?",
        "current ofsted grade {c}",
        "is {c} rated good",
        "what's our rating",
        "how did we do for {a}",
        "judgement for {a} in {c}",
        "{c} overall judgement",
        "ofsted outcome for {c}",
        "what were {c}'s ratings in {y}",
        "rating of {c}'s children's services",
        "How was {c} judged for {a}?",
        "what score did {c} get",
        "{c} ilacs judgements",
        "tell me {c}'s grades",
        "how were {c} rated by ofsted",
        "grade {c} got for {a}",
        "what did ofsted rate {c} overall",
        "{c} outcome of the ofsted inspection",
        "overall grade {c} {y}",
        "ofsted verdict on {c}",
        "what judgement did we get for {a}",
        "tell me our overall effectiveness judgement",
        "{c} inspection result",
        "how did {c} come out of its inspection",
    ],
    "improve": [
        "what did the inspectors recommend {c} do",
        "recommendations from the inspection",
        "{c} areas for development",
        "what are the improvement points for {c}",
        "where must we do better",
        "what did ofsted want {c} to change",
        "what has {c} been told to improve",
        "what are the priorities for improvement in {c}",
        "list the recommendations ofsted made",
        "what needs improving",
        "which areas need improvement in {c}",
        "{c} shortcomings",
        "where are we falling down",
        "gaps ofsted found in {c}",
        "what is weak in {c}",
        "what did ofsted criticise in {c}",
        "what were the failings in {c}",
        "what isn't working well in {c} according to inspectors",
        "{c} improvement actions from ofsted",
        "what were the recommendations",
        "where is {c} falling short",
        "in which areas is {c} lacking",
        "where does our practice fall down",
        "where is {c} not up to standard",
        "how could {c} improve its services",
        "things {c} should be doing differently",
        "what must {c} do to get to good",
        "what would ofsted like to see {c} improve",
        "what ought we to be working on",
        "{c} areas to strengthen",
        "what was flagged as needing improvement in {c}",
        "what are {c}'s development areas according to inspectors",
    ],
    "recommendations": [
        "what is the cabinet recommended to agree",
        "what are members being asked to do",
        "recommendations in the {c} committee report",
        "what does the paper ask councillors to decide",
        "what is the committee asked to note",
        "what approval is sought from cabinet",
        "what does the cabinet report propose",
        "what resolution is the committee asked to pass",
        "what is the recommendation to full council",
        "what action is the board asked to take",
        "the decisions sought in the {c} cabinet paper",
        "what do officers recommend the committee does",
        "what is the executive asked to approve",
        "what are members being recommended to support",
        "what does the {c} committee paper want councillors to agree",
        "what is the panel asked to consider and comment on",
        "recommended decisions in the report to members",
    ],
    "briefing": [
        "give me the headlines",
        "overview of {c}'s ofsted",
        "summary of the {c} report",
        "what are the key points from {c}'s inspection",
        "summarise the report for members",
        "what happened at our ofsted",
        "brief summary {c} ofsted",
        "the main messages of {c}'s inspection",
        "what did the report conclude about {c}",
        "give me the findings of {c}'s latest inspection",
        "grades and recommendations for {c}",
        "quick summary of how {c} did",
        "what were the key findings in {c}",
        "{c} strengths and areas for development",
        "what went well and what didn't in {c}",
        "the good and the bad from {c}'s ofsted",
        "positives and negatives of our inspection",
        "what did ofsted praise and criticise in {c}",
        "{c} strengths and weaknesses summary",
        "{c}'s strong points and weak points",
        "both the positives and the areas to work on for {c}",
        "briefing note on our ofsted",
        "what should members know about {c}'s inspection",
        "the headline messages from {c}'s report",
        "run me through {c}'s inspection",
        "overall picture from the {c} ofsted",
        "give me the gist of {c}'s report",
    ],
    "trend": [
        "{c} improvement over time",
        "has {c} improved",
        "{c} grades then vs now",
        "compare {c}'s last inspection with the one before",
        "how has our rating changed",
        "track record of {c} in ofsted inspections",
        "did {c} improve from {y}",
        "trend in {c}'s ratings",
        "is {c} improving",
        "how have things moved on in {c} since the last inspection",
        "history of {c}'s judgements",
        "has {c} gone from inadequate to good",
        "{c} progress between inspections",
        "{c} inspection record",
        "past ofsted results for {c}",
        "has {c}'s grade fallen",
        "did our rating go up",
        "{c} previous inspections",
        "has {c} slipped since {y}",
        "what was {c} rated before and what is it now",
        "full history of {c}'s ofsted grades",
        "{c} historic ofsted ratings",
        "{c} past judgements",
        "record of {c}'s ofsted outcomes over the years",
        "{c} ofsted over the years",
        "ofsted timeline for {c}",
        "{c} judgements timeline",
        "every inspection {c} has had",
        "what did {c} get last time and this time",
        "difference between {c}'s two inspections",
        "has {c} moved up a grade",
        "has our judgement dropped",
        "{c} judgement history",
        "our ratings history",
        "{c} grade history over the years",
        "history of {c}'s ofsted outcomes",
        "{c} ofsted track record",
        "{c} inspections past and present",
        "{c}'s history of inspections",
        "{c} ratings through the years",
        "how {c} has been rated over the years",
        "list all of {c}'s ofsted inspections and grades",
        "{c} grades at each inspection",
        "our record with ofsted",
        "{c} improvement journey",
        "{c}'s ofsted journey since {y}",
        "our journey from inadequate",
        "the story of {c}'s grades over time",
        "{c} ofsted past and present",
    ],
    "compare": [
        "how does {c} compare with other similar councils",
        "{c} compared with comparable authorities",
        "compare us with our statistical neighbours",
        "benchmark {c}",
        "{c} versus its neighbours on {a}",
        "how do we compare",
        "how do we compare on {a}",
        "{c} against similar authorities",
        "compare {c} to {c2}",
        "{c} or {c2}: which is better on {a}",
        "how do {c}'s ratings compare to similar las",
        "is {c} better than its statistical neighbours",
        "{c} v {c2}",
        "how does {c} compare with its neighbours for {a}",
        "comparison of {c} and {c2}",
        "how do we fare against comparable councils",
        "how does {c} measure against councils like it",
        "where do we stand relative to similar las on {a}",
        "{c} against comparators on {a}",
        "benchmarking {c} with its neighbours",
        "{c} compared to its peers",
        "how do we look next to similar councils",
        "is {c} ahead of or behind its neighbours on {a}",
        "put {c} and {c2} next to each other",
        "{c} relative to other similar authorities",
        "how do our grades for {a} look next to comparable las",
        "do we do better or worse than similar authorities on {a}",
        "similar councils vs us on {a}",
        "our {a} grade against our comparators",
        "{c}'s {a} judgement compared with councils like it",
    ],
    "neighbours": [
        "who are {c}'s neighbours",
        "which councils are similar to {c}",
        "list of comparable authorities for {c}",
        "who is in our statistical neighbour group",
        "name our statistical neighbours",
        "what councils are in {c}'s comparator group",
        "stat neighbours of {c}",
        "which authorities does {c} compare itself with",
        "our comparator authorities",
        "who does {c} get compared with",
        "{c} stat neighbour list",
        "which councils are in our comparator group",
        "what are {c}'s similar authorities",
        "list our statistical neighbours",
    ],
    "which": [
        "councils rated {g}",
        "list of {g} councils",
        "which councils are {g} for {a}",
        "who got {g} for {a}",
        "which councils were judged {g} in {y}",
        "show councils rated {g} overall",
        "which authorities have an {g} judgement",
        "{g} councils {y}",
        "which councils received {g}",
        "{r} boroughs rated {g}",
        "which {r} councils are {g} for {a}",
        "councils in {r} rated {g} at their latest inspection",
        "list the {g} authorities in {r}",
        "which councils run a {t} scheme",
        "councils with concerns about {t}",
        "where is {t} praised",
        "which councils have problems with {t}",
        "councils where ofsted found weak {t}",
        "which councils got {g}",
        "give me the councils rated {g} for {a}",
        "all las judged {g}",
        "which councils have been found {g}",
        "councils that received {g} overall",
        "list every authority rated {g} in {y}",
    ],
    "count": [
        "how many {g} councils",
        "how many councils got {g} for {a}",
        "number of {g} authorities",
        "how many las are rated {g}",
        "count the councils rated {g}",
        "how many were {g} for {a}",
        "how many councils received {g} in {y}",
        "how many {r} councils got {g}",
        "number of councils in {r} judged {g} for {a}",
        "how many councils in {r} are good or outstanding",
        "how many councils have a {t} scheme",
        "how many las got {g} overall",
        "number of councils that got {g}",
        "how many councils have been judged {g}",
        "how many authorities received {g} for {a}",
        "how many councils are rated {g} or better",
        "what number of councils got {g} in {y}",
    ],
    "fact_inspector": [
        "who led it?",
        "who was the lead inspector",
        "which HMI led {c}",
        "lead inspector name",
        "who inspected us",
        "who was in charge of {c}'s inspection",
        "inspector for {c}",
        "who led the inspection team",
        "who ran the {c} inspection",
        "who was our hmi",
        "who led our ofsted",
        "name the lead inspector",
        "who was {c}'s lead hmi",
        "the inspector who led {c}'s ofsted",
        "lead inpsector {c}",
    ],
    "fact_dates": [
        "when was that?",
        "when was the inspection",
        "when did the inspection happen",
        "{c} inspected when",
        "when were inspectors in {c}",
        "dates of {c}'s inspection",
        "what date was {c} inspected",
        "when was the last ofsted in {c}",
        "inspection date {c}",
        "when did ofsted come to {c}",
        "when did ofsted inspect us",
        "when were inspectors on site",
        "when did the inspection of {c} happen",
        "dates ofsted were in {c}",
        "when was the {c} ofsted carried out",
    ],
    "fact_publication": [
        "when was it published?",
        "publication date",
        "when did the report come out",
        "date of publication for {c}'s report",
        "when was {c}'s report put out",
        "{c} report published when",
        "when was the report published",
        "when was the ofsted letter published",
        "what date was the report published",
        "when did our report come out",
        "when was {c}'s ofsted letter published",
        "date {c}'s report was made public",
        "when was our report released",
        "on what day was the {c} report published",
    ],
    "topic": [
        "teenagers who turn up homeless",
        "what about {t}",
        "{t} in {c}",
        "is {t} a problem in {c}",
        "how is {c} doing on {t}",
        "{c} and {t}",
        "what did inspectors find about {t}",
        "does the report mention {t}",
        "{t} {c} ofsted",
        "examples of good practice on {t}",
        "how are children in care supported in {c}",
        "what do we know about {t}",
        "quality of {t}",
        "how many children are in care in {c}",
        "what did ofsted say about the front door in {c}",
        "how well does {c} support {a}",
        "what does the report say about leadership",
        "is practice with {a} strong in {c}",
        "what does ofsted say about {t}",
        "{t} in our area",
        "is our {t} good enough",
        "how is {t} going in {c}",
        "what did the report say on {t}",
        "practice on {t} in {c}",
        "any concerns about {t} in {c}",
        "strengths in {t}",
        "how well do we support {t}",
        "teenagers presenting as homeless in {c}",
    ],
}

# Follow-ups: (earlier question, follow-up, shape of the answer, shape read from the
# follow-up alone). A follow-up with nothing of its own asks what the earlier one asked.
FOLLOW_UPS: list[tuple[str, str, str, str]] = [
    ("How was {c} rated?", "who led it?", "fact_inspector", "fact_inspector"),
    ("How was {c} rated?", "what needs to improve?", "improve", "improve"),
    ("How was {c} rated?", "when was that?", "fact_dates", "fact_dates"),
    ("What does {c} need to improve?", "and what were the grades?", "grades", "grades"),
    ("What did Ofsted say about {t} in {c}?", "and for care leavers?", "topic", "topic"),
    ("{c} grades", "and {c2}?", "grades", "topic"),
    ("Who led {c}'s inspection?", "and {c2}?", "fact_inspector", "topic"),
    ("What does {c} need to improve?", "what about {c2}", "improve", "topic"),
    ("Summarise {c}'s inspection", "when was it published?", "fact_publication", "fact_publication"),
    ("Summarise {c}'s inspection", "how has it changed since the last one?", "trend", "trend"),
    ("What did Ofsted say about {t} in {c}?", "who inspected them?", "fact_inspector", "fact_inspector"),
    ("What are {c}'s grades?", "how do they compare with similar councils?", "compare", "compare"),
    ("What are {c}'s grades?", "who are its statistical neighbours?", "neighbours", "neighbours"),
    ("key findings {c}", "and the recommendations?", "improve", "improve"),
    ("When was {c} inspected?", "and when was the report published?", "fact_publication", "fact_publication"),
    ("What did Ofsted say about {t} in {c}?", "what about {t2}?", "topic", "topic"),
    ("How did {c} do at its last Ofsted inspection?", "who led it?", "fact_inspector", "fact_inspector"),
    ("How did {c} do at its last Ofsted inspection?", "what needs to improve?", "improve", "improve"),
    ("What grade did {c} get for care leavers?", "and for children in care?", "grades", "topic"),
    ("{c} ofsted rating", "and when did inspectors visit?", "fact_dates", "fact_dates"),
    ("{c} grades", "what about 2019?", "grades", "topic"),
    ("How was {c} rated?", "how does that compare with our neighbours?", "compare", "compare"),
    ("What does {c} need to improve?", "who was the lead inspector?", "fact_inspector", "fact_inspector"),
    ("Summarise {c}'s inspection", "what were the recommendations?", "improve", "improve"),
    ("{c} grades", "and for care leavers?", "grades", "topic"),
    ("Who led {c}'s inspection?", "when did it take place?", "fact_dates", "fact_dates"),
    ("How was {c} judged?", "what did they say needs improving?", "improve", "improve"),
    ("What are {c}'s grades?", "how do they compare with their statistical neighbours?", "compare", "compare"),
    ("What does {c} need to improve?", "and what grade did they get?", "grades", "grades"),
    ("{c} ofsted rating", "what about the previous one?", "grades", "topic"),
    ("How was {c} rated?", "who inspected it?", "fact_inspector", "fact_inspector"),
    ("How was {c} rated?", "when was the report published?", "fact_publication", "fact_publication"),
    ("What does {c} need to improve?", "what about in 2019?", "improve", "topic"),
    ("Who led {c}'s inspection?", "what needs to get better?", "improve", "improve"),
    ("How was {c} rated?", "and children in care?", "grades", "topic"),
    ("What grade did {c} get overall?", "when were the inspectors there?", "fact_dates", "fact_dates"),
    ("What did Ofsted say about {t} in {c}?", "and in 2019?", "topic", "topic"),
    ("How was {c} rated?", "how are we doing against similar councils?", "compare", "compare"),
    ("Summarise {c}'s inspection", "who was the inspector?", "fact_inspector", "fact_inspector"),
    ("{c} grades", "what must they improve?", "improve", "improve"),
    ("What does {c} need to improve?", "same for {c2}", "improve", "topic"),
]  # fmt: skip

SPLITS = ("train", "train", "train", "dev", "test")
PER_PATTERN = 4


def _render(template: str, rng: random.Random, councils: list[str], shape: str) -> str:
    c, c2 = rng.sample(councils, 2)
    t, t2 = rng.sample(TOPICS, 2)
    y, a, g = rng.choice(YEARS), rng.choice(AREAS), rng.choice(GRADE_WORDS)
    # drawn after the others, so adding them left every earlier rendering as it was
    r, r2 = rng.sample(REGIONS, 2)
    g2 = rng.choice([other for other in GRADE_WORDS[:4] if other != g])
    return template.format(c=c, c2=c2, y=y, a=a, t=t, t2=t2, g=g, g2=g2, r=r, r2=r2)


def _councils(shape: str, split: str) -> list[str]:
    if split == "train":
        return list(LOCAL_AUTHORITIES) + ["Staffs", "Southend", "BCP", "Hull", "Brighton"]
    if shape == "trend":
        return TWO_INSPECTIONS
    if shape in ("compare", "neighbours"):
        return WITH_NEIGHBOURS
    if shape == "grades":
        return GRADED
    return HELD + HELD_SHORT


def _variant(text: str, i: int) -> str:
    """Lower case and a dropped question mark on some renderings, as typed in a search box."""
    if i % 3 == 1:
        text = text.lower()
    if i % 4 == 2:
        text = text.rstrip("?")
    return text


def rows() -> list[dict]:
    out: list[dict] = []
    for shape, templates in PATTERNS.items():
        for n, template in enumerate(templates):
            pattern = f"{shape}-{n:02d}"
            split = SPLITS[n % len(SPLITS)]
            rng = random.Random(pattern)
            pool = _councils(shape, split)
            seen: set[str] = set()
            for i in range(PER_PATTERN * 3):
                text = _variant(_render(template, rng, pool, shape), i)
                if text in seen:
                    continue
                seen.add(text)
                out.append({"question": text, "shape": shape, "pattern": pattern, "split": split})
                if len(seen) == PER_PATTERN:
                    break
    for shape, templates in TRAIN_ONLY.items():
        for n, template in enumerate(templates):
            pattern = f"{shape}-t{n:02d}"
            rng = random.Random(pattern)
            pool = _councils(shape, "train")
            seen = set()
            for i in range(PER_PATTERN * 3):
                text = _variant(_render(template, rng, pool, shape), i)
                if text not in seen:
                    seen.add(text)
                    out.append(
                        {"question": text, "shape": shape, "pattern": pattern, "split": "train"}
                    )
                if len(seen) == 3:
                    break
    for n, (earlier, follow, shape, own) in enumerate(FOLLOW_UPS):
        pattern = f"followup-{n:02d}"
        split = SPLITS[n % len(SPLITS)]
        rng = random.Random(pattern)
        pool = _councils(shape, split)
        if shape in ("compare", "neighbours") and split != "train":
            pool = WITH_NEIGHBOURS
        for i in range(PER_PATTERN):
            c, c2 = rng.sample(pool, 2)
            t, t2 = rng.sample(TOPICS, 2)
            fill = {"c": c, "c2": c2, "t": t, "t2": t2}
            row = {
                "question": _variant(follow.format(**fill), i),
                "history": [earlier.format(**fill)],
                "shape": shape,
                "own": own,
                "pattern": pattern,
                "split": split,
            }
            out.append(row)
    return out


def main() -> int:
    data = rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for row in data:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(data)} labelled questions -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
