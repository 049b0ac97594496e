"""ML and processing steps. Never imports gradio, fastrtc or fastapi."""
