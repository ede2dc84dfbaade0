# Newsportal web image: gunicorn serving Django, static files through WhiteNoise.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --create-home --uid 10001 newsportal

COPY pyproject.toml README.md ./
COPY newsportal ./newsportal
COPY articles ./articles
RUN pip install .

COPY . .
# collectstatic needs settings to load; this key exists only during the build.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /var/lib/newsportal/media \
    && chown -R newsportal /var/lib/newsportal

USER newsportal
EXPOSE 8000
CMD ["gunicorn", "newsportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
