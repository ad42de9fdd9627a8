"""Labelled enums: a member keeps its stored value and carries a label translated when shown."""
import pytest
from flask_babel import force_locale

from app.enums import COLAB_THEMES, MATCHING_THEMES, REQUEST_THEMES, LabelledEnum, Language, Theme
from app.i18n import lazy_gettext as _l
from app.requests.constants import RequestState


class Colour(LabelledEnum):
    red = "red", _l("Draft")
    plain = "plain"


def test_a_member_keeps_its_value_and_is_found_by_it():
    assert Colour.red.value == "red"
    assert Colour("red") is Colour.red
    assert Colour.plain.label == "plain"


def test_the_label_is_translated_when_shown(app):
    with app.test_request_context():
        with force_locale("sv"):
            assert str(RequestState.draft.label) == "Utkast"
            assert str(Colour.red.label) == "Utkast"
        with force_locale("en"):
            assert str(RequestState.draft.label) == "Draft"


def test_choices_give_values_and_labels_after_an_optional_blank(app):
    with app.test_request_context(), force_locale("en"):
        assert [(c.value, str(c.label)) for c in Colour.choices()] == [("red", "Draft"), ("plain", "plain")]
        assert [(c.value, str(c.label)) for c in Colour.choices([Colour.plain], blank=_l("All"))] == [
            ("", "All"), ("plain", "plain")]


def test_one_theme_vocabulary_holds_each_areas_themes():
    assert set(REQUEST_THEMES) | set(COLAB_THEMES) | set(MATCHING_THEMES) == set(Theme)
    from app.colabs.constants import Theme as ColabTheme
    from app.matching.constants import Theme as MatchingTheme
    from app.requests.constants import Theme as RequestTheme

    assert ColabTheme is MatchingTheme is RequestTheme is Theme


@pytest.mark.parametrize("member", list(Theme) + list(Language))
def test_every_shared_label_is_translated_into_swedish(app, member):
    with app.test_request_context(), force_locale("sv"):
        assert str(member.label) != member.label._args[0]


def test_the_languages_are_the_pages_locales(app):
    assert Language.own_names() == {"sv": "Svenska", "en": "English"}
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from app.i18n import select_locale

        assert select_locale() == "en"


def test_a_template_shows_the_label_in_swedish(app):
    from flask import render_template_string

    from app.accounts.constants import Sector

    with app.test_request_context(headers={"Accept-Language": "sv"}):
        shown = render_template_string("{{ sector.label }} / {{ theme.label }}", sector=Sector.public,
                                       theme=Theme.housing)
    assert shown == "Offentlig sektor / Boende och grannskap"


def test_the_string_extraction_finds_the_labels(app):
    from app.cli import catalogs, extract_messages

    with app.app_context():
        directory, folder, skip = catalogs()[0]
        ids = {m.id for m in extract_messages(folder, skip)}
    assert {"Housing and neighbourhoods", "Goal 1: No poverty", "Swedish"} <= ids


def test_a_column_of_part_of_the_vocabulary_stores_values_and_refuses_the_rest():
    from app.db_types import EnumSubset

    column = EnumSubset(Theme, REQUEST_THEMES, "request_theme")
    assert column.process_bind_param(Theme.sdg01, None) == "sdg01"
    assert column.process_result_value("sdg01", None) is Theme.sdg01
    assert sorted([Theme.sdg02, Theme.democracy], key=column.sort_key_function) == [Theme.democracy, Theme.sdg02]
    with pytest.raises(LookupError):
        column.process_bind_param(Theme.housing, None)
