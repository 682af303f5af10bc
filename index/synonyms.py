"""Everyday words a business owner uses, mapped to the policy's own terms.

Each key is a phrase a person might type; each value is wording taken from the policy.
The list widens the query, so BM25 and the embedding both see the policy's vocabulary.
"""
from __future__ import annotations

import re

SYNONYMS: dict[str, str] = {
    # scope, eligibility and the company-level lines
    "sectors|industries|priority|priorities|key industries|target industries|focus|betting on": "focus areas",
    "apply|applicant|applicants|qualify|qualifies|eligibility|requirements|conditions": "eligibility established in Changning good credit records",
    "company level|company-level|company as a whole|whole company|per company|yearly|every year|per year|annual": "annually entities",
    "champion|champions|number one|market leader|leading company|leader|leaders|flagship": "industry leaders",
    "r&d spending|research spending|research budget|invest in research|r&d budget|r&d investment": "R&D input",
    "staff training|employee training|skills programme|skills program|skills training|upskilling|training costs": "vocational training",
    "fundraising|raise capital|raising money|ipo|listing|investors": "financing",
    "set up|setting up|relocate|relocating|move our company|incorporate|open a company|new company": "corporate establishment investment",
    "promote our product|product launch|marketing campaign|promotion": "product promotion",
    "outside those sectors|other sectors|other industries|not in the focus|none of the|not internet": "other advanced manufacturing modern service industries",
    "robot|robots|robotics|precision|machinery|semiconductor|chips|equipment maker": "advanced manufacturing",
    # aviation and the low-altitude economy
    "uav|uavs|unmanned|quadcopter|multicopter|flying taxi|air taxi|flying car": "drone eVTOL low-altitude",
    "airline|airlines|flights|airport|cargo flights|air freight|air cargo": "aviation air transportation",
    "pilot training|flight school|aircraft maintenance|mro": "aviation training maintenance",
    # legal, finance, advertising, people
    "lawyer|lawyers|attorney|law firm|law office|legal practice|litigation": "legal services law firms",
    "bank|banks|banking|insurer|insurance|payments|lending|loans": "financial services finance credit",
    "wealth manager|wealth management|asset manager|private equity|vc|venture fund": "wealth management venture capital",
    "marketing agency|ad agency|ads|advertisement|marketing": "advertising digital advertisement",
    "recruitment|recruiting|headhunter|headhunting|staffing|hr agency|hr firm": "human resources services",
    "phd|postdoc|post-doctoral": "postdoctoral research talent",
    "co-train|joint training|internship|interns|graduates|campus": "academia-enterprise collaboration talent development",
    "consortium|joint innovation|innovation alliance": "innovation consortia",
    "xiao ju ren|zhuanjingtexin|niche champion|hidden champion": "little giant specialized refined distinctive innovative",
    "returnee|returnees|expat|expats|foreign expert|foreign experts|from abroad": "overseas talent",
    "apartment|apartments|accommodation|rent subsidy|housing": "talent housing residency",
    "hire|hiring|recruit": "talent",
    # technology
    "chatbot|chatbots|gpt|large language model|large language models|generative ai|genai": "LLMs AI",
    "gpu|gpus|compute|computing power|data center|datacenter|servers": "cloud computing intelligent computing",
    "artificial intelligence|machine learning|deep learning": "AI",
    "software|saas|app|apps": "software product development",
    "tech transfer|technology transfer|commercialise|commercialize|spin-off|spinout": "commercialization research outcomes",
    "university|universities|college|academia|academic": "universities research institutions",
    "lab|labs|laboratory|research institute": "R&D institutions",
    "startup|start-up|startups|entrepreneur|entrepreneurs|founders": "innovation entrepreneurship",
    # trade, consumption, health
    "online shop|online store|ecommerce|e-commerce|webshop|marketplace": "e-commerce platforms",
    "livestream|livestreaming|live-stream|influencer|influencers|streamer|streamers": "live streaming",
    "import|export|exporter|importer|overseas sales|cross border": "cross-border trade",
    "digital yuan|e-cny|ecny|digital rmb": "digital renminbi",
    "trade fair|trade show|ciie": "import expo",
    "shopping mall|mall|flagship store|retail destination": "consumption landmarks",
    "clothing|apparel|designer|designers|boutique|franchise": "fashion brands",
    "cosmetic|cosmetics|skincare|beauty": "cosmetics for special use",
    "pharma|pharmaceutical|drug|drugs|medicine|biotech|biotechnology": "biomedicine new drugs",
    "medical device|medical devices|diagnostics|hospital|clinic|healthcare": "medical devices health",
    "food|snack|nutrition": "new food ingredients",
    # headquarters, SMEs, manufacturing
    "hq|head office|regional office|headquarter|home base": "headquarters",
    "small business|small businesses|small company|sme|smes|medium-sized": "small and medium-sized enterprises SMEs",
    "factory|factories|plant|production line|manufacturer|manufacturing": "manufacturing industrial enterprises",
    "accountant|accountants|bookkeeping|audit|auditing": "accounting services",
    "foreign company|foreign-owned|multinational|mnc|wfoe": "multinational companies foreign-invested enterprises",
    # green
    "solar|solar panels|photovoltaic|pv|insulation|led lighting|heat pump": "energy-saving carbon-reduction buildings",
    "retrofit|retrofits|retrofitting|renovate|renovation|upgrade our building": "low-carbon retrofitting existing buildings",
    "emissions|co2|carbon footprint|net zero|net-zero|decarbonise|decarbonize|climate": "carbon-reduction low-carbon",
    "esco|emc|epc|energy service company|energy services contract|energy performance contract|energy management contract": "energy performance contracting",
    "green building|green buildings|passive house": "green building ultra-low energy buildings",
    "forum|conference|summit|event|events|exhibition|awards ceremony": "host influential activities",
    "sustainability|sustainable|esg|eco-friendly|environmental|environment": "green low-carbon",
    "electric vehicle|electric vehicles|ev|evs|charging": "transportation energy-saving",
    # quality and IP
    "patent|patents|trademark|trademarks|copyright|copyrights|intellectual property": "IP patent",
    "iso|iso 9001|certification|certified|quality award": "certifications quality management standards",
}

_PATTERNS = [(re.compile(rf"\b(?:{keys})(?:s|es)?\b", re.I), terms) for keys, terms in SYNONYMS.items()]  # plurals too


def expand(query: str) -> str:
    """'drone subsidy?' -> 'drone subsidy? drone eVTOL low-altitude' (the policy's words appended once)."""
    extra = [terms for pattern, terms in _PATTERNS if pattern.search(query)]
    return " ".join([query, *dict.fromkeys(extra)]) if extra else query
