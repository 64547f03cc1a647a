"""policy-qa: employee questions about the (fictional) Tidepool staff handbook."""

from __future__ import annotations

from gt_tui.demo.spec import ItemSpec, RefSpec, assistant, user

HANDBOOK = "https://handbook.tidepool.example"

REFS: dict[str, RefSpec] = {
    "leave": RefSpec(
        "Leave and time off",
        f"{HANDBOOK}/people/leave",
        "Every parent gets 20 weeks of fully paid parental leave, to be taken within 18 "
        "months of the birth or adoption.",
        "Every parent gets 20 weeks of fully paid parental leave, to be taken within 18 months "
        "of the birth or adoption. It can be split into up to three blocks.\n\n"
        "Vacation is 28 days a year plus public holidays. Up to 5 unused days carry over to "
        "the next year and expire on 31 March.\n\n"
        "Sick days need no approval: tell your manager on the day and record it in the HR "
        "portal. From the fourth day in a row we need a doctor's note.",
    ),
    "travel": RefSpec(
        "Travel and expenses",
        f"{HANDBOOK}/finance/travel",
        "The meal allowance is 60 EUR per day in Europe and 75 USD per day elsewhere.",
        "Book travel through the travel portal so we can find you in an emergency.\n\n"
        "The meal allowance is 60 EUR per day in Europe and 75 USD per day elsewhere; keep "
        "receipts for anything over 25 EUR.\n\n"
        "Economy class for flights under 6 hours; premium economy or business class for "
        "longer flights with your manager's approval.\n\n"
        "Expenses up to 1,000 EUR are approved by your manager, above that by your "
        "department head as well.",
    ),
    "remote": RefSpec(
        "Working from abroad",
        f"{HANDBOOK}/people/work-from-abroad",
        "You can work from another country for up to 30 working days a year after People "
        "Ops approves the destination.",
    ),
    "security": RefSpec(
        "Reporting security incidents",
        f"{HANDBOOK}/security/incidents",
        "Report suspected incidents immediately in #security-incidents or by calling the "
        "security on-call number; do not investigate on your own.",
        "A security incident is anything that may expose customer or company data: a lost "
        "laptop, a phishing email you clicked, a credential pasted in the wrong place.\n\n"
        "Report suspected incidents immediately in #security-incidents or by calling the "
        "security on-call number; do not investigate on your own and do not delete evidence.\n\n"
        "Reporting quickly is never held against you.",
    ),
    "retention": RefSpec(
        "Data retention schedule",
        f"{HANDBOOK}/security/retention",
        "Support tickets are kept for 3 years after closing, then deleted.",
    ),
    "devices": RefSpec(
        "Bring your own device",
        f"{HANDBOOK}/it/byod",
        "Personal phones may access email and chat once enrolled in device management; "
        "laptops must be company-issued.",
    ),
    "gifts": RefSpec(
        "Gifts and hospitality",
        f"{HANDBOOK}/legal/gifts",
        "Gifts up to 50 EUR are fine; anything more must be declared in the gifts register.",
    ),
    "on-call": RefSpec(
        "On-call",
        f"{HANDBOOK}/engineering/on-call",
        "On-call pays 250 EUR per week plus time off in lieu for pages outside working hours.",
    ),
    "access": RefSpec(
        "Access to production data",
        f"{HANDBOOK}/security/production-access",
        "Request time-limited access in the access portal; your manager and the data owner "
        "approve it.",
    ),
    "learning": RefSpec(
        "Learning budget",
        f"{HANDBOOK}/people/learning",
        "Everyone has 1,500 EUR a year for courses, books and conferences.",
    ),
    "ai": RefSpec(
        "Using generative AI tools",
        f"{HANDBOOK}/security/generative-ai",
        "Never paste customer data into AI tools that are not on the approved list.",
    ),
    "equipment": RefSpec(
        "Equipment and home office",
        f"{HANDBOOK}/it/equipment",
        "The home office allowance of 500 EUR covers a chair, desk or monitor every three "
        "years; leavers return laptops within 10 days.",
    ),
    "passwords": RefSpec(
        "Passwords and sign-in",
        f"{HANDBOOK}/security/passwords",
        "Use the company password manager and a hardware key for single sign-on.",
    ),
    "privacy": RefSpec(
        "Customer data requests",
        f"{HANDBOOK}/legal/data-requests",
        "Forward deletion and access requests to privacy@tidepool.example; we must answer "
        "within 30 days.",
    ),
    "speak-up": RefSpec(
        "Speak up",
        f"{HANDBOOK}/legal/speak-up",
        "Concerns can be raised anonymously through the external speak-up line.",
    ),
}

ITEMS: list[ItemSpec] = [
    ItemSpec(
        "How much parental leave do I get?",
        "20 weeks of fully paid parental leave, taken within 18 months of the birth or "
        "adoption, in up to three blocks.",
        ("leave",),
        ("leave",),
    ),
    ItemSpec(
        "What's the daily meal allowance on business trips?",
        "60 EUR per day in Europe and 75 USD per day elsewhere. Keep receipts for anything "
        "over 25 EUR.",
        ("travel",),
        ("travel", "expenses"),
    ),
    ItemSpec(
        "Can I work from Portugal for a month next summer?",
        "Up to 30 working days a year from abroad are allowed once People Ops approves the "
        "destination, so a month is possible if you ask in advance.",
        (),
        ("remote-work",),
        history=(
            user("Can I work from Portugal for a month next summer?"),
            assistant(
                "Yes, up to 30 working days a year, once People Ops approves the destination. "
                "Is it one block of about 22 working days?",
                "remote",
                expected="State the limit and check the working-day count.",
            ),
            user("Yes, four and a half weeks in July."),
            assistant(
                "That is within the limit. Submit the request in the HR portal at least four "
                "weeks ahead so the tax check can be done.",
                "remote",
                expected="Confirm and give the next step.",
            ),
        ),
    ),
    ItemSpec(
        "I clicked a link in a phishing email. What should I do?",
        "Report it right away in #security-incidents or call the security on-call number. "
        "Don't try to investigate or delete anything yourself; reporting quickly is never "
        "held against you.",
        ("security",),
        ("security",),
    ),
    ItemSpec(
        "How long do we keep support tickets?",
        "Three years after the ticket is closed; then it is deleted.",
        ("retention",),
        ("data",),
    ),
    ItemSpec(
        "Who needs to approve an expense of 1,400 EUR?",
        "Your manager and, because it is above 1,000 EUR, your department head.",
        ("travel",),
        ("expenses",),
    ),
    ItemSpec(
        "Can I read work email on my personal phone?",
        "Yes, once the phone is enrolled in device management. Laptops used for work must be "
        "company-issued.",
        ("devices",),
        ("it", "security"),
    ),
    ItemSpec(
        "A vendor sent me concert tickets. Can I accept them?",
        "Gifts up to 50 EUR are fine. Concert tickets are usually worth more, so declare them "
        "in the gifts register before accepting.",
        ("gifts",),
        ("legal",),
    ),
    ItemSpec(
        "How many vacation days can I carry over?",
        "Up to 5 unused days carry over to the next year and expire on 31 March.",
        ("leave",),
        ("leave",),
        edited="How many unused vacation days carry over to next year?",
    ),
    ItemSpec(
        "What do I get paid for being on call?",
        "250 EUR per on-call week plus time off in lieu for pages outside working hours.",
        ("on-call",),
        ("engineering", "pay"),
    ),
    ItemSpec(
        "How do I get access to production data for debugging?",
        "Request time-limited access in the access portal; your manager and the data owner "
        "approve it.",
        ("access",),
        ("security", "engineering"),
    ),
    ItemSpec(
        "Is there a budget for courses and conferences?",
        "Yes, 1,500 EUR per person per year for courses, books and conferences.",
        ("learning",),
        ("learning",),
    ),
    ItemSpec(
        "Can I paste a customer's support ticket into an AI chatbot to draft a reply?",
        "Only into a tool on the approved list. Never paste customer data into any other AI tool.",
        ("ai", "retention"),
        ("security", "ai"),
        history=(
            user("Can I use an AI chatbot to draft replies to support tickets?"),
            assistant(
                "Yes, if the tool is on the approved list. Which tool do you have in mind?",
                "ai",
                expected="Do not say yes without checking the tool.",
            ),
            user("A free one I found online."),
            assistant(
                "Then no: it is not on the approved list, so customer data must not go into it.",
                "ai",
                expected="Refuse clearly and point to the approved list.",
            ),
        ),
    ),
    ItemSpec(
        "Can I fly business class to the Singapore offsite?",
        "Yes for flights over 6 hours, with your manager's approval; shorter flights are economy.",
        ("travel",),
        ("travel",),
    ),
    ItemSpec(
        "What happens to my laptop when I leave the company?",
        "Return it, with chargers and any other equipment, within 10 days of your last day.",
        ("equipment",),
        ("it", "offboarding"),
    ),
    ItemSpec(
        "How do I call in sick?",
        "Tell your manager on the day and record it in the HR portal. From the fourth day in "
        "a row, we need a doctor's note.",
        ("leave",),
        ("leave",),
        comment="Check whether the doctor's note rule differs per country.",
    ),
    ItemSpec(
        "Can I expense a new office chair for working from home?",
        "Yes, from the 500 EUR home office allowance, which covers a chair, desk or monitor "
        "every three years.",
        ("equipment",),
        ("expenses", "remote-work"),
    ),
    ItemSpec(
        "What are the password rules for internal systems?",
        "Use the company password manager for all passwords and a hardware key for single sign-on.",
        ("passwords",),
        ("security",),
    ),
    ItemSpec(
        "A customer emailed asking us to delete all their data. What do I do?",
        "Forward the request to privacy@tidepool.example straight away; we must answer within "
        "30 days.",
        ("privacy", "retention"),
        ("legal", "data"),
    ),
    ItemSpec(
        "How can I report a concern about misconduct anonymously?",
        "Use the external speak-up line; it lets you raise concerns anonymously.",
        ("speak-up",),
        ("legal",),
    ),
]
