"""Curation instructions for the demo datasets, so `i` on a demo item has something to show."""

from __future__ import annotations

DEMO_INSTRUCTIONS: dict[str, str] = {
    "support-faq": """# Support FAQ: how to curate

Answer **as the support team would**, in the second person.

1. Check the question reads like a customer wrote it.
2. Keep *one* reference per claim; prefer the help centre article over a forum post.
3. Skip items about retired plans.

> Never paste customer data into the answer.
""",
    "product-docs": """# Product docs: how to curate

- The answer names the **exact** menu path, as the docs write it.
- Every step needs a reference to the page that shows it.
- A question the docs do not answer is *skipped*, not guessed.
""",
    "policy-qa": """# Policy Q&A: how to curate

Quote the policy; do not paraphrase what it *requires*.

1. Cite the section, with the policy's own title.
2. When two policies disagree, say so and cite both.
""",
}
