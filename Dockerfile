# Production image: gunicorn web, Celery worker and Celery beat all run from this image.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles LOB_VAR_DIR=/app/var
WORKDIR /app
RUN useradd --create-home --uid 1000 lob
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock .
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN DJANGO_SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R lob /app/var
USER lob
EXPOSE 8000
CMD ["gunicorn", "lob.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
