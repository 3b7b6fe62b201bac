"""User-facing strings are marked for translation, so a Russian interface can follow."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

REPO = Path(__file__).resolve().parents[2]


def extracted_messages() -> set[str]:
    method_map = [("cartif_lms/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, keywords=keywords
    ):
        messages.update(message if isinstance(message, tuple) else (message,))
    return messages


def test_pages_forms_and_flash_messages_are_marked_for_translation():
    messages = extracted_messages()
    for expected in (
        "Sign in",  # template
        "Negotiation designations",  # template
        "Password",  # form label
        "The email or the password is not correct.",  # flash message
        "Learners and focal points belong to a country.",  # validation message
        "Please sign in to continue.",  # Flask-Login message
        "Designations",  # navigation
        "This person already holds this designation.",  # a service's refusal
        "You have used all %(n)d attempts at this quiz.",
        "Score each of the four dimensions from 0 to 3.",
    ):
        assert expected in messages, expected
