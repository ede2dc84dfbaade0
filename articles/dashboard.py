"""The admin's home for the desk: what is mine, what waits, what is coming, what just went out.

The default admin site is this one (``articles.apps.NewsroomAdminConfig``),
so ``admin.site`` everywhere is a ``NewsroomAdminSite``. Each block is one
query of at most ``ROWS`` articles, so the home page's queries do not grow
with the archive. Outside ``articles.admin``: the site is made while that
package registers its models, and must not import it.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from articles import workflow
from articles.models import Article, Correction

ROWS = 10
# Only what the dashboard shows of each article.
FIELDS = ("headline", "status", "published_at", "updated_at", "created_by")


def dashboard(request: HttpRequest) -> dict[str, Any]:
    """The dashboard's lists for this user; empty when they may not see articles."""
    user = request.user
    if not user.has_perm("articles.view_article"):
        return {}
    articles = Article.objects.only(*FIELDS)
    editor = workflow.can_publish(user)
    waiting = articles.in_review().select_related("created_by")
    if not editor:
        waiting = waiting.filter(created_by=user)
    blocks: dict[str, Any] = {
        "my_drafts": list(articles.drafts_by(user)[:ROWS]),
        "waiting_for_review": list(waiting[:ROWS]),
    }
    if editor:
        blocks |= {
            "scheduled": list(articles.scheduled()[:ROWS]),
            "recently_published": list(
                articles.published().order_by("-published_at", "-pk")[:ROWS]
            ),
            "front_page_lead": articles.published().lead_story().first(),
            "recently_corrected": recently_corrected(),
        }
    return {"dashboard": blocks, "dashboard_editor": editor}


def recently_corrected() -> list[Correction]:
    """The newest corrections with their articles' headlines, in one query.

    Drafts' corrections too: the desk sees what it wrote, wherever it stands.
    """
    corrections = Correction.objects.select_related("article").only(
        "text", "published_at", "article__headline", "article__slug", "article__published_at"
    )
    return list(corrections.order_by("-published_at", "-pk")[:ROWS])


class NewsroomAdminSite(admin.AdminSite):
    index_template = "admin/dashboard.html"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        return super().index(request, {**dashboard(request), **(extra_context or {})})
