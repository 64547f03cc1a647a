"""Production traces as draft agentic items: one reader per format (otlp.py with the
genai.py and openinference.py dialects, langfuse.py, gtc_export.py), one builder
(builder.py), and the file front end (reading.py)."""
