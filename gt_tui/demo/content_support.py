"""support-faq: customer questions about Tidepool, a (fictional) file sync service."""

from __future__ import annotations

from gt_tui.demo.spec import ItemSpec, RefSpec, assistant, user

HELP = "https://help.tidepool.example/articles"

REFS: dict[str, RefSpec] = {
    "password": RefSpec(
        "Reset your password",
        f"{HELP}/reset-password",
        "If you can no longer reach your recovery email, use a trusted device or a backup "
        "code to verify it is you.",
        "You can reset your password from the sign-in page by choosing 'Forgot password'. "
        "We send a reset link to your recovery email address; the link works for 30 minutes.\n\n"
        "If you can no longer reach your recovery email, use a trusted device or a backup "
        "code to verify it is you. Trusted devices are phones and computers where you have "
        "signed in within the last 90 days.\n\n"
        "If neither works, contact support from the 'Can't access my account' form. For "
        "your security, account recovery by support takes 3 to 5 business days.",
    ),
    "two-step": RefSpec(
        "Turn on two-step verification",
        f"{HELP}/two-step-verification",
        "Open Settings > Security > Two-step verification and choose an authenticator app "
        "or a security key.",
        "Two-step verification adds a second check when you sign in on a new device.\n\n"
        "Open Settings > Security > Two-step verification and choose an authenticator app "
        "or a security key. Text messages are supported but not recommended.\n\n"
        "After you turn it on, save your ten backup codes somewhere safe. Each code works once.",
    ),
    "sync-status": RefSpec(
        "What the sync icons mean",
        f"{HELP}/sync-status-icons",
        "'Waiting to sync' means the file is queued; it usually clears once the files "
        "ahead of it finish uploading.",
        "A green tick means the file is up to date on every device. A blue circle means it is "
        "uploading or downloading.\n\n"
        "'Waiting to sync' means the file is queued; it usually clears once the files ahead "
        "of it finish uploading. If it stays for more than an hour, check that the file is not "
        "open in another program and that its name has no characters your system forbids.\n\n"
        "A red cross means sync failed. Hover over the icon to see the reason.",
    ),
    "selective-sync": RefSpec(
        "Pause sync and limit bandwidth",
        f"{HELP}/pause-sync-bandwidth",
        "Preferences > Network lets you cap upload and download speed, or let the app "
        "adjust automatically.",
    ),
    "deleted-files": RefSpec(
        "Restore deleted files",
        f"{HELP}/restore-deleted-files",
        "Deleted files stay in Trash for 30 days on Personal plans and 180 days on Team plans.",
        "Deleted files stay in Trash for 30 days on Personal plans and 180 days on Team plans. "
        "To restore one, open Trash in the web app, select it and choose Restore.\n\n"
        "Files deleted from a shared folder go to the Trash of the person who deleted them "
        "and of the folder owner.\n\n"
        "After the retention period files are removed permanently and support cannot "
        "recover them.",
    ),
    "quota": RefSpec(
        "When you run out of space",
        f"{HELP}/storage-quota",
        "Over quota, files stop syncing but nothing is deleted; you can still view and "
        "download everything.",
    ),
    "sharing": RefSpec(
        "Share files and folders",
        f"{HELP}/share-files",
        "Anyone with a view link can open the files without an account; editing needs a "
        "free Tidepool account.",
    ),
    "links": RefSpec(
        "Manage share link settings",
        f"{HELP}/share-link-settings",
        "Link expiry and passwords are available on Plus and Team plans from the link's "
        "Settings menu.",
    ),
    "billing": RefSpec(
        "Billing questions",
        f"{HELP}/billing-faq",
        "A second charge in the same month is usually a pending authorization that drops "
        "off within 7 days.",
        "We bill on the same day each month or year, depending on your plan.\n\n"
        "A second charge in the same month is usually a pending authorization that drops off "
        "within 7 days. It happens when a payment method is updated or a payment is retried.\n\n"
        "If both charges settle, contact billing support with the last four digits of the card "
        "and we will refund the duplicate.",
    ),
    "refunds": RefSpec(
        "Cancel your plan",
        f"{HELP}/cancel-plan",
        "Annual plans cancelled within 14 days of purchase or renewal are refunded in full.",
    ),
    "offline": RefSpec(
        "Use files offline",
        f"{HELP}/offline-files",
        "Mark a file or folder 'Available offline' to keep a local copy on your device.",
    ),
    "conflicts": RefSpec(
        "Conflicted copies",
        f"{HELP}/conflicted-copies",
        "When two people edit the same file before it syncs, we keep both and name one "
        "'(conflicted copy)'.",
    ),
    "devices": RefSpec(
        "Manage linked devices",
        f"{HELP}/linked-devices",
        "Unlinking a device signs it out and, if you choose, deletes the files on it the "
        "next time it comes online.",
    ),
    "limits": RefSpec(
        "File size and type limits",
        f"{HELP}/upload-limits",
        "The desktop app and API accept files up to 2 TB; the web uploader stops at 50 GB.",
    ),
    "export": RefSpec(
        "Download a copy of your data",
        f"{HELP}/export-data",
        "Settings > Account > Export prepares a zip of all files and an activity report; "
        "we email a link when it is ready.",
    ),
}

ITEMS: list[ItemSpec] = [
    ItemSpec(
        "How do I reset my password if I can't get into my recovery email anymore?",
        "Use a trusted device or one of your backup codes to verify your identity on the "
        "reset page. If you have neither, fill in the 'Can't access my account' form; "
        "support-led recovery takes 3 to 5 business days.",
        ("password",),
        ("account", "security"),
    ),
    ItemSpec(
        "My files have said 'Waiting to sync' all morning. What can I do?",
        "Files wait while others ahead of them upload. Close any program that has the file "
        "open and check the file name for characters your system forbids.",
        (),
        ("sync", "troubleshooting"),
        history=(
            user("My files have said 'Waiting to sync' all morning."),
            assistant(
                "Files wait while others ahead of them upload. Is anything else uploading "
                "right now, or is the queue empty?",
                "sync-status",
                expected="Ask a clarifying question before troubleshooting.",
            ),
            user("Nothing else is uploading. It's only two spreadsheets."),
            assistant(
                "Then the spreadsheets are probably open in another program. Close them and "
                "sync resumes; if not, check the names for characters like ':' or '?'.",
                "sync-status",
                expected="Give the two most likely causes, in order.",
            ),
        ),
    ),
    ItemSpec(
        "how to turn on 2fa",
        "Go to Settings > Security > Two-step verification and pick an authenticator app or a "
        "security key, then save your ten backup codes somewhere safe.",
        ("two-step",),
        ("security",),
        edited="How do I turn on two-step verification?",
    ),
    ItemSpec(
        "Can I get back a file I deleted last week?",
        "Yes. Deleted files stay in Trash for 30 days on Personal plans and 180 days on Team "
        "plans; open Trash in the web app, select the file and choose Restore.",
        ("deleted-files",),
        ("files", "recovery"),
    ),
    ItemSpec(
        "What happens when I go over my storage limit?",
        "Nothing is deleted. Files stop syncing until you free up space or upgrade, and you "
        "can still view and download everything.",
        ("quota",),
        ("billing", "storage"),
    ),
    ItemSpec(
        "How can I share a folder with someone who doesn't have an account?",
        "Create a view link and send it; anyone with the link can open the files without an "
        "account. To let them edit, they need a free Tidepool account.",
        ("sharing",),
        ("sharing",),
    ),
    ItemSpec(
        "Can I make a share link stop working after a week?",
        "On Plus and Team plans, open the link's Settings menu and set an expiry date.",
        ("links",),
        ("sharing",),
        comment="Plan names changed in March; check they are still Plus and Team.",
    ),
    ItemSpec(
        "Why was I charged twice this month?",
        "The second charge is most likely a pending authorization that disappears within 7 "
        "days. If both charges settle, contact billing support and we refund the duplicate.",
        ("billing",),
        ("billing",),
        history=(
            user("I see two charges of 11.99 on my card this month."),
            assistant(
                "Did you update your payment method recently? A pending authorization can "
                "show up as a second charge.",
                "billing",
            ),
            user("Yes, I changed cards on the 3rd."),
            assistant(
                "Then the second one is a pending authorization and drops off within 7 days. "
                "If both settle, billing support refunds the duplicate.",
                "billing",
                expected="Reassure, give the time frame, and name the fallback.",
            ),
        ),
    ),
    ItemSpec(
        "How do I cancel my subscription and get my money back?",
        "Cancel from Settings > Plan. Annual plans cancelled within 14 days of purchase or "
        "renewal are refunded in full; monthly plans run to the end of the period.",
        ("refunds",),
        ("billing",),
    ),
    ItemSpec(
        "Does Tidepool work without an internet connection?",
        "Yes, for files you mark 'Available offline'. Changes you make offline sync when you "
        "reconnect.",
        ("offline",),
        ("sync",),
    ),
    ItemSpec(
        "What is a 'conflicted copy' and can I delete it?",
        "It appears when two people edit the same file before it syncs; we keep both versions. "
        "Compare them, merge what you need into one and delete the other.",
        ("conflicts",),
        ("sync", "files"),
    ),
    ItemSpec(
        "How do I change the email address on my account?",
        "Go to Settings > Account > Email, enter the new address and confirm it from the "
        "message we send there.",
        (),
        ("account",),
    ),
    ItemSpec(
        "Which file types can I preview in the browser?",
        "Documents, spreadsheets, PDFs, images, most audio and video formats and code files "
        "preview in the browser; other types can be downloaded.",
        ("limits",),
        ("files",),
    ),
    ItemSpec(
        "The desktop app is using a lot of CPU after I installed it. Is that normal?",
        "Yes, for the first sync: the app indexes and hashes every file. Usage drops once the "
        "first sync finishes; you can pause sync from the tray icon meanwhile.",
        ("sync-status", "selective-sync"),
        ("desktop", "performance"),
    ),
    ItemSpec(
        "I lost my phone. How do I remove it from my account?",
        "Open Settings > Security > Devices, choose the phone and select Unlink. Tick 'Delete "
        "files' to wipe the local copies the next time it comes online.",
        ("devices",),
        ("security", "account"),
    ),
    ItemSpec(
        "Can I limit how much bandwidth the desktop app uses for uploads?",
        "Yes. Preferences > Network lets you cap upload and download speed or let the app "
        "adjust automatically.",
        ("selective-sync",),
        ("desktop",),
    ),
    ItemSpec(
        "How do I hand over a shared folder to a colleague before I leave?",
        "Open the folder's Share menu, find your colleague in the member list and choose "
        "'Make owner'. They must already be a member with edit access.",
        ("sharing",),
        ("sharing", "team"),
    ),
    ItemSpec(
        "Is there a maximum file size for uploads?",
        "The desktop app and the API accept files up to 2 TB; the web uploader stops at 50 GB.",
        ("limits",),
        ("files",),
    ),
    ItemSpec(
        "How do I download everything in my account?",
        "Use Settings > Account > Export. We prepare a zip of all your files and an activity "
        "report and email you a link when it is ready.",
        ("export",),
        ("account", "data"),
    ),
    ItemSpec(
        "A shared folder is named [@click=app.quit]x[/] and the web app shows it oddly. "
        "Can I rename it?",
        "Yes. Folder names are shown exactly as typed; the owner can rename it from the "
        "folder's menu and the new name syncs to every member.",
        ("sharing",),
        ("sharing", "rendering"),
        comment="Fixture: the question must be shown literally, never as markup.",
    ),
]
