"""Two editors in two browsers collide on one article, and nothing is lost; an import meets them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Article
from tests.browser.editing import replace_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-passphrase"


@pytest.fixture
def seed_article(seed_path) -> Article:
    call_command("import_articles", str(seed_path), stdout=io.StringIO())
    return Article.objects.get()


def logged_in(browser, live_server, name: str, errors: list[str]):
    """A browser context of its own (its own cookies), logged in as a new superuser."""
    get_user_model().objects.create_superuser(name, f"{name}@example.org", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**" + reverse("admin:index"))
    return context, page


def test_two_editors_collide_and_nothing_is_lost_then_history_restores(
    browser, live_server, seed_article, seed_path, tmp_path
):
    errors: list[str] = []
    change = live_server.url + reverse("admin:articles_article_change", args=[seed_article.pk])
    anna_context, anna = logged_in(browser, live_server, "anna", errors)
    ben_context, ben = logged_in(browser, live_server, "ben", errors)
    try:
        anna.goto(change)
        ben.goto(change)
        anna.locator("#id_headline").fill("Anna's headline: NATO chief in Kyiv")
        anna.locator("input[name=_save]").click()
        anna.wait_for_url("**" + reverse("admin:articles_article_changelist"))

        replace_body(ben, "Ben's new paragraph about air defence.")
        ben.locator("input[name=_save]").click()

        conflict = ben.locator(".edit-conflict")
        assert "Saved meanwhile by anna" in conflict.inner_text()
        assert conflict.locator(".revision-diff ins").first.inner_text().startswith("Anna's")
        assert "anna saved this article" in ben.locator(".errorlist.nonfield").inner_text()
        assert ben.locator("#id_body").input_value() == (
            "<p>Ben's new paragraph about air defence.</p>"
        )
        assert Article.objects.get().headline == "Anna's headline: NATO chief in Kyiv"

        # Ben brings in Anna's headline and saves again: both changes are kept.
        ben.locator("#id_headline").fill("Anna's headline: NATO chief in Kyiv")
        ben.locator("input[name=_save]").click()
        ben.wait_for_url("**" + reverse("admin:articles_article_changelist"))
        article = Article.objects.get()
        assert article.headline == "Anna's headline: NATO chief in Kyiv"
        assert article.body == "<p>Ben's new paragraph about air defence.</p>"

        # A changed export now meets the editors' work: a conflict, the article left alone.
        changed = tmp_path / seed_path.name
        changed.write_text(seed_path.read_text().replace("pounded", "hit"))
        out = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("import_articles", str(changed), stdout=out, stderr=io.StringIO())
        assert refused.value.returncode == 1
        assert out.getvalue().startswith(f"conflict {article.get_absolute_url()} ")
        assert Article.objects.get().body == article.body

        # History shows what Ben's save changed, and restores the imported version.
        anna.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
        assert "Ben's new paragraph" in anna.locator(".revision-diff ins").first.inner_text()
        anna.locator("#change-history tbody tr th a").last.click()
        anna.get_by_role("button", name="Restore this version").click()
        anna.wait_for_url("**" + reverse("admin:articles_article_change", args=[article.pk]))
        assert "Restored the version of" in anna.locator(".messagelist").inner_text()
        restored = Article.objects.get()
        assert restored.headline == seed_article.headline
        assert restored.body == seed_article.body
        assert errors == []
    finally:
        anna_context.close()
        ben_context.close()
