FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN QUALITE_ENV=production SECRET_KEY=construction-seulement python manage.py collectstatic --noinput
RUN useradd --create-home qualite && mkdir -p /app/media && chown qualite /app/media
USER qualite
EXPOSE 8000
CMD ["gunicorn", "qualite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
