"""product-docs: developer questions about the (fictional) Tidepool REST API."""

from __future__ import annotations

from gt_tui.demo.spec import ItemSpec, RefSpec, assistant, user

DOCS = "https://docs.tidepool.example/api"

REFS: dict[str, RefSpec] = {
    "auth": RefSpec(
        "Authentication",
        f"{DOCS}/authentication",
        "Send the access token in the Authorization header as 'Bearer <token>'.",
        "Every request needs an OAuth 2 access token. Send it in the Authorization header as "
        "'Bearer <token>'. Tokens in query strings are rejected.\n\n"
        "Access tokens live for 4 hours. Use the refresh token from the same grant to get a "
        "new one from POST /oauth2/token with grant_type=refresh_token.\n\n"
        "Personal access tokens for scripts can be created under Settings > Developer; they "
        "carry the same scopes model and can be revoked at any time.",
    ),
    "rate-limits": RefSpec(
        "Rate limits",
        f"{DOCS}/rate-limits",
        "On a 429 response wait for the number of seconds in Retry-After before retrying.",
        "Each app gets 600 requests per minute per user, and uploads count against a separate "
        "budget of 100 GB per day.\n\n"
        "Responses carry X-RateLimit-Remaining and X-RateLimit-Reset headers. When you run "
        "out, the API answers 429 Too Many Requests with a Retry-After header.\n\n"
        "On a 429 response wait for the number of seconds in Retry-After before retrying. "
        "Clients that retry earlier are throttled for longer.",
    ),
    "webhooks": RefSpec(
        "Webhooks",
        f"{DOCS}/webhooks",
        "Compute HMAC-SHA256 of the raw request body with your app secret and compare it to "
        "X-Tidepool-Signature in constant time.",
        "Webhooks tell your app about changes without polling. Register an HTTPS endpoint in "
        "the app console; we POST a JSON list of changed file ids within seconds.\n\n"
        "Compute HMAC-SHA256 of the raw request body with your app secret and compare it to "
        "X-Tidepool-Signature in constant time. Reject requests whose signature differs.\n\n"
        "Respond within 10 seconds with any 2xx status. Failed deliveries are retried with "
        "exponential backoff for 24 hours.",
    ),
    "pagination": RefSpec(
        "Pagination",
        f"{DOCS}/pagination",
        "Pass the cursor from the previous response to get the next page; has_more is false "
        "on the last page.",
    ),
    "uploads": RefSpec(
        "Upload sessions",
        f"{DOCS}/upload-sessions",
        "Files over 150 MB must be uploaded in chunks with an upload session.",
        "Files up to 150 MB can be sent in one POST /files/upload call.\n\n"
        "Files over 150 MB must be uploaded in chunks with an upload session: start it, "
        "append chunks of up to 150 MB each with their offset, then finish it with the "
        "target path.\n\n"
        "Sessions expire after 48 hours. A failed chunk can be retried at the same offset.",
    ),
    "sdk-python": RefSpec(
        "Python SDK",
        f"{DOCS}/sdks/python",
        "pip install tidepool-sdk; requires Python 3.9 or newer.",
    ),
    "scopes": RefSpec(
        "Scopes",
        f"{DOCS}/scopes",
        "sharing.read lists shared folders and their members; files.content.read reads file "
        "contents.",
    ),
    "errors": RefSpec(
        "Error codes",
        f"{DOCS}/errors",
        "path_conflict: something already exists at the target path; choose autorename or a "
        "new path.",
    ),
    "metadata": RefSpec(
        "File properties",
        f"{DOCS}/file-properties",
        "Attach up to 32 key-value properties per file and app with property templates.",
    ),
    "search": RefSpec(
        "Search",
        f"{DOCS}/search",
        "POST /files/search with a query string matches names and, on Team plans, content.",
    ),
    "ids": RefSpec(
        "Paths and ids",
        f"{DOCS}/paths-and-ids",
        "An id stays the same when a file is moved or renamed; a path does not.",
    ),
    "links-api": RefSpec(
        "Shared links",
        f"{DOCS}/shared-links",
        "POST /sharing/links with settings.password and settings.expires creates a protected link.",
    ),
    "versioning": RefSpec(
        "API versioning",
        f"{DOCS}/versioning",
        "Pin Tidepool-Version to a date; breaking changes ship only in new versions, "
        "announced 6 months ahead.",
    ),
    "idempotency": RefSpec(
        "Idempotent requests",
        f"{DOCS}/idempotency",
        "Send an Idempotency-Key header on POST requests; repeats within 24 hours return "
        "the first result.",
    ),
    "admin": RefSpec(
        "Team admin API",
        f"{DOCS}/team-admin",
        "GET /team/members lists members; it needs the team.members.read scope and an admin token.",
    ),
}

ITEMS: list[ItemSpec] = [
    ItemSpec(
        "How do I authenticate requests to the REST API?",
        "Send an OAuth 2 access token in the Authorization header as 'Bearer <token>'. Tokens "
        "in query strings are rejected.",
        ("auth",),
        ("auth",),
    ),
    ItemSpec(
        "What are the rate limits, and what should my client do on a 429?",
        "Each app gets 600 requests per minute per user. On 429, wait for the seconds in the "
        "Retry-After header before retrying; retrying early extends the throttling.",
        (),
        ("rate-limits", "errors"),
        history=(
            user("We keep getting 429 errors from the API during nightly syncs."),
            assistant(
                "A 429 means your app used its 600 requests per minute for that user. Do you "
                "read the Retry-After header?",
                "rate-limits",
                expected="Explain the limit, then ask about Retry-After.",
            ),
            user("No, we retry after one second."),
            assistant(
                "Wait for the number of seconds in Retry-After instead; retrying early keeps "
                "you throttled longer. X-RateLimit-Remaining lets you slow down before that.",
                "rate-limits",
                expected="Give the concrete fix and one preventive header.",
            ),
        ),
    ),
    ItemSpec(
        "How do I verify that a webhook request really came from Tidepool?",
        "Compute HMAC-SHA256 of the raw body with your app secret and compare it with the "
        "X-Tidepool-Signature header using a constant-time comparison.",
        ("webhooks",),
        ("webhooks", "security"),
    ),
    ItemSpec(
        "How does pagination work when listing a folder?",
        "Each response has a cursor and has_more. Pass the cursor to /files/list/continue "
        "until has_more is false.",
        ("pagination",),
        ("files",),
    ),
    ItemSpec(
        "How do I upload a 3 GB video through the API?",
        "Use an upload session: start it, append chunks of up to 150 MB with their offsets, "
        "then finish it with the target path. Sessions expire after 48 hours.",
        (),
        ("uploads",),
        history=(
            user("Uploading a 3 GB file with /files/upload fails with 413."),
            assistant(
                "Single uploads stop at 150 MB. Larger files go through an upload session.",
                "uploads",
            ),
            user("Can I resume if one chunk fails halfway?"),
            assistant(
                "Yes: retry the failed chunk at the same offset. The session stays open for "
                "48 hours.",
                "uploads",
                expected="Confirm resumability and state the session lifetime.",
            ),
        ),
    ),
    ItemSpec(
        "How do I install the Python SDK?",
        "Run pip install tidepool-sdk. It needs Python 3.9 or newer.",
        ("sdk-python",),
        ("sdk",),
    ),
    ItemSpec(
        "Which scopes does my app need to read shared folders?",
        "sharing.read to list shared folders and their members, plus files.content.read to "
        "download what is inside.",
        ("scopes",),
        ("auth", "sharing"),
    ),
    ItemSpec(
        "How long does an access token last, and how do I refresh it?",
        "Access tokens live 4 hours. Exchange the refresh token at POST /oauth2/token with "
        "grant_type=refresh_token to get a new one.",
        ("auth",),
        ("auth",),
        edited="How long do access tokens last and how do I refresh them?",
    ),
    ItemSpec(
        "What does the error path_conflict mean?",
        "Something already exists at the target path. Pass autorename=true or choose another path.",
        ("errors",),
        ("errors", "files"),
    ),
    ItemSpec(
        "Can my app be notified of file changes without polling?",
        "Yes: register a webhook endpoint. We POST the changed file ids within seconds; "
        "respond with a 2xx within 10 seconds.",
        ("webhooks",),
        ("webhooks",),
    ),
    ItemSpec(
        "Can I store my own metadata on files?",
        "Yes, with file properties: define a property template and attach up to 32 key-value "
        "pairs per file and app.",
        ("metadata",),
        ("files",),
    ),
    ItemSpec(
        "How do I search for files by name with the API?",
        "Call POST /files/search with a query. Names always match; file content is searched "
        "on Team plans.",
        ("search",),
        ("search",),
    ),
    ItemSpec(
        "Should I store file ids or paths in my database?",
        "Store ids: an id survives moves and renames, a path does not.",
        ("ids",),
        ("files", "design"),
        comment="Good candidate for the onboarding set.",
    ),
    ItemSpec(
        "How do I create a password-protected share link through the API?",
        "POST /sharing/links with settings.password, and optionally settings.expires. "
        "Passwords need a Plus or Team plan.",
        ("links-api",),
        ("sharing",),
    ),
    ItemSpec(
        "How can I test webhooks on my laptop?",
        "Expose your local server through an HTTPS tunnel, register the tunnel URL as the "
        "endpoint, and verify signatures as in production.",
        ("webhooks",),
        ("webhooks", "testing"),
    ),
    ItemSpec(
        "Which API version should we pin, and how are breaking changes announced?",
        "Pin the Tidepool-Version header to a date. Breaking changes only ship in new "
        "versions, announced six months ahead in the changelog.",
        ("versioning",),
        ("versioning",),
    ),
    ItemSpec(
        "Can I download a whole folder as a zip?",
        "Yes: POST /files/download_zip with the folder path. Folders over 20 GB or 10,000 "
        "files must be downloaded file by file.",
        (),
        ("files",),
    ),
    ItemSpec(
        "If my request times out, is it safe to send it again?",
        "Send an Idempotency-Key header on POST requests; a repeat with the same key within "
        "24 hours returns the first result instead of acting twice.",
        ("idempotency",),
        ("errors", "design"),
    ),
    ItemSpec(
        "How do I list everyone on our team with the admin API?",
        "Call GET /team/members with an admin token that has the team.members.read scope; "
        "the list is paginated like the file endpoints.",
        ("admin", "pagination"),
        ("admin",),
    ),
    ItemSpec(
        "Our CLI log shows \x1b[2J before every upload error. Is the API sending control "
        "characters?",
        "No. API responses are JSON and never contain terminal escape codes; the sequence "
        "comes from the CLI's progress display clearing the screen.",
        ("errors",),
        ("errors", "rendering"),
        comment="Fixture: the escape sequence must be shown literally, never sent to the terminal.",
    ),
]
