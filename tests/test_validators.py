"""Swedish organisation numbers and password rules."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.accounts.demo import with_check_digit
from app.accounts.validators import luhn_valid, normalise_org_number, password_user_inputs, password_weakness


@pytest.mark.parametrize("raw,expected", [
    ("556036-0793", "556036-0793"),   # a real, valid number
    ("5560360793", "556036-0793"),
    (" 556036-0793 ", "556036-0793"),
    ("556036-0794", None),            # wrong check digit
    ("556036079", None),              # nine digits
    ("55603607931", None),            # eleven digits
    ("5560-360793", None),            # dash in the wrong place
    ("abcdef-ghij", None),
    ("", None),
])
def test_organisation_numbers(raw, expected):
    assert normalise_org_number(raw) == expected


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_number_with_a_computed_check_digit_is_valid(nine):
    number = with_check_digit(nine)
    assert normalise_org_number(number) == number
    assert luhn_valid(number.replace("-", ""))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(1, 9))
def test_any_other_check_digit_is_refused(nine, shift):
    valid = with_check_digit(nine)
    wrong = valid[:-1] + str((int(valid[-1]) + shift) % 10)
    assert normalise_org_number(wrong) is None


ANNA = password_user_inputs("Anna Svensson", "anna.svensson@example.org")


@pytest.mark.parametrize("password,weakness", [
    ("short1!", "short"), ("password1234", "guessable"), ("qwertyuiop123", "guessable"),
    ("aaaaaaaaaaaa", "guessable"), ("iloveyou2024!", "guessable"), ("012345678901", "guessable"),
    ("AnnaSvensson!!", "personal"), ("svensson-samverka-1", "personal"), ("anna.svensson@example.org", "personal"),
    ("a-long-and-unusual-password", None), ("Å" * 5000, "guessable"), ("sommarregn-vid-kusten " * 20, None), ("tre glada cyklar i Lund", None), ("sommarregn-vid-kusten", None),
])
def test_password_strength_is_scored_by_zxcvbn_with_the_persons_name_and_email(password, weakness):
    assert password_weakness(password, ANNA) == weakness


def test_the_same_password_is_fine_for_someone_else():
    assert password_weakness("AnnaSvensson!!", password_user_inputs("Per Olsson", "per@example.org")) is None
