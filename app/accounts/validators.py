"""Validation of Swedish organisation numbers and of passwords."""
import re
from functools import lru_cache

ORG_NUMBER_PATTERN = re.compile(r"^(\d{6})-?(\d{4})$")
MIN_PASSWORD_LENGTH = 12


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


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Return the 30 000 most common passwords (from zxcvbn's frequency lists)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(p.lower() for p in FREQUENCY_LISTS["passwords"])


SEQUENCES = ("01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyzåäö",
             "qwertyuiopåasdfghjklöäzxcvbnm")


def is_common_password(password: str) -> bool:
    """Return whether the password is well known, a plain sequence, only digits or nearly one character."""
    lowered = password.lower()
    stripped = lowered.rstrip("0123456789!")
    common = common_passwords()
    return (
        lowered in common
        or (len(stripped) >= 6 and stripped in common)
        or len(set(lowered)) <= 3
        or lowered.isdigit()
        or any(lowered in sequence for sequence in SEQUENCES)
    )
