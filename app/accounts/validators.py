"""Validation of Swedish organisation numbers and of passwords (scored by zxcvbn)."""
import re

from zxcvbn import zxcvbn

ORG_NUMBER_PATTERN = re.compile(r"^(\d{6})-?(\d{4})$")
MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: 0 (too guessable) to 4 (very unguessable)
ZXCVBN_MAX_LENGTH = 72


def luhn_valid(digits: str) -> bool:
    """Return whether a string of digits carries a correct Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def normalise_org_number(value: str) -> str | None:
    """Return the number as NNNNNN-NNNN, or None when it is not a valid organisation number."""
    match = ORG_NUMBER_PATTERN.match((value or "").strip().replace(" ", ""))
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"


def password_user_inputs(*texts) -> list[str]:
    """Return the words of a person's name and email address (and the site's name) for zxcvbn to try."""
    words = {"samverka"}
    for text in texts:
        text = (text or "").strip().lower()
        if not text:
            continue
        words.add(text)
        words.update(w for w in re.split(r"[\s@._+-]+", text) if len(w) >= 3)
    return sorted(words)


def _personal_length(match) -> int:
    """Return how many characters of a zxcvbn match come from the person's own words (repeats included)."""
    if match.get("dictionary_name") == "user_inputs":
        return len(match["token"])
    base = match.get("base_matches") or []
    if base and sum(_personal_length(b) for b in base) * 2 >= len(match.get("base_token", "")):
        return len(match["token"])
    return 0


def password_weakness(password: str, user_inputs=()) -> str | None:
    """Return why a password is weak ("short", "personal" or "guessable"), or None when it is strong.

    zxcvbn scores how many guesses the password takes; a score of 3 or more (about 10^8 guesses) is
    enough behind a slow hash and a rate-limited sign-in. A password built mostly from the person's
    own name or email address is refused even when it is long.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return "short"
    scored = password[:ZXCVBN_MAX_LENGTH]  # zxcvbn refuses longer input; a longer password is no weaker
    result = zxcvbn(scored, user_inputs=list(user_inputs))
    personal = sum(_personal_length(m) for m in result["sequence"])
    if personal * 2 >= len(scored):
        return "personal"
    if result["score"] < MIN_PASSWORD_SCORE:
        return "guessable"
    return None
