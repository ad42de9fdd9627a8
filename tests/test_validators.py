"""Swedish organisation numbers and password rules."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.accounts.demo import with_check_digit
from app.accounts.validators import is_common_password, luhn_valid, normalise_org_number


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


@pytest.mark.parametrize("password,common", [
    ("password1234", True), ("qwertyuiop123", True), ("aaaaaaaaaaaa", True), ("iloveyou2024!", True),
    ("a-long-and-unusual-password", False), ("tre glada cyklar i Lund", False),
])
def test_common_passwords(password, common):
    assert is_common_password(password) is common
