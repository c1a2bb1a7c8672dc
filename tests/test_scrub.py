"""export_kit.scrub: a secret is hidden in every form a gateway may echo it in."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st
from tests.publish.echo import leaked_forms, leaks

from export_kit.scrub import MASK, Redactor, scrub_exception

SECRET_CHARS = st.sampled_from(string.ascii_letters + string.digits + "/+=-_.~!*'() &%éÀ")
SECRETS = st.text(SECRET_CHARS, min_size=4, max_size=40)
AROUND = st.text(st.sampled_from(string.ascii_letters + " :=&?/%"), max_size=20)


@given(SECRETS, st.sampled_from(range(len(leaked_forms("abcd")))), AROUND, AROUND)
def test_every_form_of_a_secret_is_hidden(secret: str, form: int, before: str, after: str) -> None:
    text = before + leaked_forms(secret)[form] + after
    scrubbed = Redactor([secret])(text)
    assert leaks(scrubbed, (secret,)) == []
    assert MASK in scrubbed


@given(st.text(max_size=60))
def test_text_without_a_secret_is_unchanged(text: str) -> None:
    redact = Redactor(["6100sess-SESSION-token-value-0002"])
    assert redact(text) == text


def test_short_values_and_none_are_not_secrets() -> None:
    redact = Redactor([None, "", "abc"])
    assert not redact
    assert redact("abc abc") == "abc abc"


def test_a_secret_inside_another_is_hidden_whole() -> None:
    redact = Redactor(["token", "token-and-more"])
    assert redact("x token-and-more y TOKEN") == "x *** y ***"


def test_exceptions_and_their_causes_are_scrubbed_in_place() -> None:
    secret = "s3cr/t+APP=Secret"
    try:
        try:
            raise ValueError(f"bad {secret}")
        except ValueError as inner:
            raise RuntimeError("wrapped s3cr%2Ft%2BAPP%3DSecret", 3) from inner
    except RuntimeError as error:
        scrub_exception(error, Redactor([secret]))
        assert error.args == ("wrapped ***", 3)
        assert error.__cause__ is not None and error.__cause__.args == ("bad ***",)
