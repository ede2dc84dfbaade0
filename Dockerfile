# Newsportal web image: gunicorn serving Django, static files through WhiteNoise.
# Two stages: the dependencies are installed into a virtual environment in "builder",
# and only that environment and the source reach the final image (no compilers, no
# pip cache, no build files).

FROM python:3.12-slim AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /build
# Only the dependency list, so this layer is rebuilt when it changes, not with each edit.
# The site runs from its source in /app (templates and static files live beside it),
# so the project itself is not installed, only what it depends on.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install --requirement requirements.txt


FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH

RUN useradd --system --create-home --uid 10001 newsportal
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# Owned by root and read-only to the site: it writes only to the media volume.
COPY . .
# collectstatic needs settings to load; this key exists only during the build.
RUN SECRET_KEY=build-only-not-secret HTTPS=off NEWSPORTAL_ENV_FILE=/dev/null \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /var/lib/newsportal/media \
    && chown -R newsportal /var/lib/newsportal

USER newsportal
EXPOSE 8000
# gunicorn.conf.py settles each worker's heap; WEB_CONCURRENCY (gunicorn's own
# variable) sets the number of workers.
CMD ["gunicorn", "newsportal.wsgi:application", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
