"""English local authorities with children's services, and the short forms people use.

The index only knows the councils whose reports it holds. This list lets a question about
another council ("what did Ofsted say about Surrey?") be recognised as such, so the
assistant can say it holds no report for that council instead of answering from others.
"""

from __future__ import annotations

# Upper-tier and unitary councils in England that Ofsted inspects under ILACS.
LOCAL_AUTHORITIES = (
    "Barking and Dagenham", "Barnet", "Barnsley", "Bath and North East Somerset",
    "Bedford", "Bexley", "Birmingham", "Blackburn with Darwen", "Blackpool", "Bolton",
    "Bournemouth, Christchurch and Poole", "Bracknell Forest", "Bradford", "Brent",
    "Brighton and Hove", "Bristol", "Bromley", "Buckinghamshire", "Bury", "Calderdale",
    "Cambridgeshire", "Camden", "Central Bedfordshire", "Cheshire East",
    "Cheshire West and Chester", "City of London", "Cornwall", "Coventry", "Croydon",
    "Cumberland", "Darlington", "Derby", "Derbyshire", "Devon", "Doncaster", "Dorset",
    "Dudley", "Durham", "Ealing", "East Riding of Yorkshire", "East Sussex", "Enfield",
    "Essex", "Gateshead", "Gloucestershire", "Greenwich", "Hackney", "Halton",
    "Hammersmith and Fulham", "Hampshire", "Haringey", "Harrow", "Hartlepool", "Havering",
    "Herefordshire", "Hertfordshire", "Hillingdon", "Hounslow", "Hull", "Isle of Wight",
    "Isles of Scilly", "Islington", "Kensington and Chelsea", "Kent", "Kingston upon Thames",
    "Kirklees", "Knowsley", "Lambeth", "Lancashire", "Leeds", "Leicester", "Leicestershire",
    "Lewisham", "Lincolnshire", "Liverpool", "Luton", "Manchester", "Medway", "Merton",
    "Middlesbrough", "Milton Keynes", "Newcastle upon Tyne", "Newham", "Norfolk",
    "North East Lincolnshire", "North Lincolnshire", "North Northamptonshire",
    "North Somerset", "North Tyneside", "North Yorkshire", "Northumberland", "Nottingham",
    "Nottinghamshire", "Oldham", "Oxfordshire", "Peterborough", "Plymouth", "Portsmouth",
    "Reading", "Redbridge", "Redcar and Cleveland", "Richmond upon Thames", "Rochdale",
    "Rotherham", "Rutland", "Salford", "Sandwell", "Sefton", "Sheffield", "Shropshire",
    "Slough", "Solihull", "Somerset", "South Gloucestershire", "South Tyneside",
    "Southampton", "Southend-on-Sea", "Southwark", "St Helens", "Staffordshire", "Stockport",
    "Stockton-on-Tees", "Stoke-on-Trent", "Suffolk", "Sunderland", "Surrey", "Sutton",
    "Swindon", "Tameside", "Telford and Wrekin", "Thurrock", "Torbay", "Tower Hamlets",
    "Trafford", "Wakefield", "Walsall", "Waltham Forest", "Wandsworth", "Warrington",
    "Warwickshire", "West Berkshire", "West Northamptonshire", "West Sussex", "Westminster",
    "Westmorland and Furness", "Wigan", "Wiltshire", "Windsor and Maidenhead", "Wirral",
    "Wokingham", "Wolverhampton", "Worcestershire", "York",
)  # fmt: skip

# Conventional short forms of county names, as officers write them.
COUNTY_ABBREVIATIONS = {
    "beds": "Bedfordshire",
    "berks": "Berkshire",
    "bucks": "Buckinghamshire",
    "cambs": "Cambridgeshire",
    "derbys": "Derbyshire",
    "glos": "Gloucestershire",
    "hants": "Hampshire",
    "herts": "Hertfordshire",
    "lancs": "Lancashire",
    "leics": "Leicestershire",
    "lincs": "Lincolnshire",
    "northants": "Northamptonshire",
    "notts": "Nottinghamshire",
    "oxon": "Oxfordshire",
    "staffs": "Staffordshire",
    "warks": "Warwickshire",
    "wilts": "Wiltshire",
    "worcs": "Worcestershire",
    "yorks": "Yorkshire",
}
