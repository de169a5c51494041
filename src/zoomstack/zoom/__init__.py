"""An async client for Zoom's REST API, real (zoom.us) or emulated, over httpx."""

from .auth import (
    DEFAULT_TOKEN_URL,
    Auth,
    ServerToServerAuth,
    TokenSet,
    UserOAuth,
    authorize_url,
    exchange_code,
)
from .breaker import CircuitBreaker
from .client import DEFAULT_BASE_URL, ZoomClient, meeting_path_id
from .download import AsyncWriter, DownloadResult, download
from .errors import (
    AuthError,
    ChecksumMismatchError,
    CircuitOpenError,
    DownloadError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    ServerError,
    SizeMismatchError,
    WebhookVerificationError,
    ZoomAPIError,
    ZoomError,
)
from .models import (
    Meeting,
    MeetingListItem,
    MeetingSummary,
    Participant,
    RecordingFile,
    RecordingMeeting,
    SummaryDetail,
    TokenResponse,
    User,
)
from .pagination import month_windows, paginate
from .ratelimit import RateLimitInfo, parse_retry_after
from .retry import NO_RETRY, RetryPolicy
from .webhooks import sign_webhook, url_validation_response, verify_webhook

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TOKEN_URL",
    "NO_RETRY",
    "AsyncWriter",
    "Auth",
    "AuthError",
    "ChecksumMismatchError",
    "CircuitBreaker",
    "CircuitOpenError",
    "DownloadError",
    "DownloadResult",
    "Meeting",
    "MeetingListItem",
    "MeetingSummary",
    "NetworkError",
    "NotFoundError",
    "Participant",
    "RateLimitError",
    "RateLimitInfo",
    "RecordingFile",
    "RecordingMeeting",
    "RetryPolicy",
    "ServerError",
    "ServerToServerAuth",
    "SizeMismatchError",
    "SummaryDetail",
    "TokenResponse",
    "TokenSet",
    "User",
    "UserOAuth",
    "WebhookVerificationError",
    "ZoomAPIError",
    "ZoomClient",
    "ZoomError",
    "authorize_url",
    "download",
    "exchange_code",
    "meeting_path_id",
    "month_windows",
    "paginate",
    "parse_retry_after",
    "sign_webhook",
    "url_validation_response",
    "verify_webhook",
]
