# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
# Production pins only: the dev tools (pytest, Playwright, locust, mypy...) live in requirements-dev.lock.
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# /app/media owned by cheong: a new `media` volume takes this ownership, so uploads can be written.
RUN useradd --system --create-home cheong && mkdir -p /app/media && chown cheong /app/media && DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build \
    DATABASE_URL=sqlite:////tmp/build.db REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput
USER cheong
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60"]
