# The PolicyBot image compose.yaml runs: the package with its bundled model, and the index built into the image.
FROM python:3.11-slim
WORKDIR /app
ENV HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 GRADIO_ANALYTICS_ENABLED=False
COPY . .
RUN pip install --no-cache-dir torch==2.13.0 && pip install --no-cache-dir -e . && policybot index
EXPOSE 7860
CMD ["policybot", "serve", "--host", "0.0.0.0", "--port", "7860"]
