"""The default English wording of explanations."""


def test_english_plurals_read_naturally():
    from matching.wording import render_part

    part = {"code": "goals_covered", "count": 2, "tags": ["school", "sleep"]}
    assert render_part(part) == "2 goals the mentor can help with: school, sleep"
    assert render_part({**part, "count": 1, "tags": ["school"]}) == (
        "1 goal the mentor can help with: school")
