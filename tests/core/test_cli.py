"""The ``flask lms`` commands an administrator runs."""

import hashlib

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, User
from cartif_lms.auth.services import find_user_by_email, user_for_token
from cartif_lms.directory.models import Country


def test_init_db_is_idempotent_and_leaves_eleven_countries(runner):
    first = runner.invoke(args=["lms", "init-db"])
    second = runner.invoke(args=["lms", "init-db"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "0 reference rows added" in second.output
    assert db.session.scalar(select(func.count()).select_from(Country)) == 11


def test_init_db_never_overwrites_an_edited_country(runner):
    uzbekistan = db.session.scalar(select(Country).where(Country.code == "UZ"))
    uzbekistan.wto_note = "edited by an analyst"
    db.session.commit()
    runner.invoke(args=["lms", "init-db"])
    db.session.expire_all()
    assert (
        db.session.scalar(select(Country.wto_note).where(Country.code == "UZ"))
        == "edited by an analyst"
    )


def test_create_user_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=[
            "lms",
            "create-user",
            "Focal@Example.org",
            "--name",
            "Focal Point",
            "--role",
            "focal_point",
            "--country",
            "kg",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = find_user_by_email("focal@example.org")
    assert user.country.code == "KG"
    assert user.check_password("a long enough password")


def test_create_user_refuses_an_unknown_role_or_country(runner):
    bad_role = runner.invoke(
        args=[
            "lms",
            "create-user",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "minister",
            "--password-stdin",
        ],
        input="x" * 12,
    )
    bad_country = runner.invoke(
        args=[
            "lms",
            "create-user",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "learner",
            "--country",
            "FR",
            "--password-stdin",
        ],
        input="x" * 12,
    )
    assert bad_role.exit_code != 0
    assert "unknown role 'minister'" in bad_role.output
    assert bad_country.exit_code != 0
    assert "unknown country 'FR'" in bad_country.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_token_prints_a_token_stored_only_as_a_digest(runner, make_user):
    analyst = make_user(role="analyst", country=None)
    result = runner.invoke(args=["lms", "create-token", analyst.email])
    assert result.exit_code == 0
    token = result.output.strip()
    stored = db.session.scalar(select(ApiToken.digest))
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored
    assert user_for_token(token).id == analyst.id
    assert user_for_token(token + "x") is None


def test_create_token_for_an_unknown_email_fails(runner):
    result = runner.invoke(args=["lms", "create-token", "nobody@example.org"])
    assert result.exit_code != 0


def test_demo_loads_every_role_and_is_idempotent(runner):
    first = runner.invoke(args=["lms", "demo"])
    count = db.session.scalar(select(func.count()).select_from(User))
    second = runner.invoke(args=["lms", "demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert db.session.scalar(select(func.count()).select_from(User)) == count
    roles = {role.value for role in db.session.scalars(select(User.role).distinct())}
    assert roles == {"learner", "trainer", "focal_point", "analyst", "admin"}
    countries = set(db.session.scalars(select(Country.code).join(User).distinct()))
    assert len(countries) == 11
    assert "cartif-demo-2026" in first.output


def test_demo_if_empty_does_nothing_when_accounts_exist(runner, make_user):
    make_user()
    result = runner.invoke(args=["lms", "demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_demo_gives_learners_in_all_eleven_countries_partial_progress(runner):
    from cartif_lms.learning.models import Completion
    from cartif_lms.resources import shipped_content_dir

    assert (
        runner.invoke(args=["lms", "sync", "--content-dir", str(shipped_content_dir())]).exit_code
        == 0
    )
    runner.invoke(args=["lms", "demo"])
    per_country = dict(
        db.session.execute(
            select(Country.code, func.count(Completion.id))
            .join(User, User.country_id == Country.id)
            .join(Completion, Completion.user_id == User.id)
            .group_by(Country.code)
        ).all()
    )
    assert set(per_country) == {c.code for c in db.session.scalars(select(Country))}
    assert all(count > 0 for count in per_country.values())
