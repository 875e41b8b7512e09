"""A real OpenID Connect provider on 127.0.0.1 for the single sign-on tests (the PyPI package
`oidc-provider-mock`: an authorization form where the test types the subject, ID tokens signed with its own key,
an end-session endpoint), and the Streamlit secrets that point the app at it.

The app under test reads its secrets from the file named by $STREAMLIT_SECRETS_FILES (Streamlit's
`secrets.files` option), never from the user's ~/.streamlit or the repository's .streamlit."""

import contextlib
import logging
import secrets
import threading
from pathlib import Path

import oidc_provider_mock
import werkzeug.serving

from tests.e2e import free_port

CLIENT_ID = "cchc-dashboard"


@contextlib.contextmanager
def oidc_provider(users: dict[str, dict]):
    """Serve the provider on 127.0.0.1 with `users` (subject → claims) known in advance; yields its URL. A
    subject typed on its form that is not among them signs in with the claims {"email": subject}."""
    app = oidc_provider_mock.app(user_claims=[oidc_provider_mock.User(sub=sub, claims=claims)
                                              for sub, claims in users.items()])
    logging.getLogger("werkzeug").setLevel(logging.WARNING)      # not a line per request in the test output
    server = werkzeug.serving.make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def write_secrets(folder: Path, app_url: str, provider_url: str) -> Path:
    """.streamlit/secrets.toml with the [auth] section for the provider (any client id and secret are accepted
    by it); returns the file, for $STREAMLIT_SECRETS_FILES."""
    file = folder / ".streamlit" / "secrets.toml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n', encoding="utf-8")
    return file
