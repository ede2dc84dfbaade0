"""The read-only content API: published articles as IPTC ninjs 3.1 documents.

Views here are thin: they read query parameters (``params``), ask
``Article.objects.published().for_ninjs()`` and hand each article to
``articles.formats.ninjs.render``. ``http`` holds what every answer shares:
JSON bodies, validators for conditional GETs and CORS.
"""
