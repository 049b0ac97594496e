"""The product: session state machine, turn logic, auth, REST routes and Gradio pages."""
