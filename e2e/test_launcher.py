"""The launcher itself: a binary that dies before its window must fail the
test that launched it, never leave WebKitWebDriver waiting for ever."""

import pytest

from launch import LaunchFailed, isolated_env, launched


def test_a_binary_that_dies_at_launch_fails_rather_than_hangs(tmp_path):
    fake = tmp_path / "dies-at-launch"
    fake.write_text("#!/bin/sh\necho \"thread 'main' panicked at main.rs: no window\" >&2\nexit 101\n")
    fake.chmod(0o755)
    with pytest.raises(LaunchFailed) as failed:
        with launched(str(fake), isolated_env(tmp_path), tmp_path / "webkitwebdriver.log"):
            pass
    message = str(failed.value)
    assert "it died at launch" in message and "no window" in message, message
    # Not the display: launched once only.
    assert not (tmp_path / "webkitwebdriver-again.log").exists()
