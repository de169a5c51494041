"""The hub's fixtures (fresh database, app, client, users) for the cross-cutting suites."""

from tests.hub.conftest import alice as alice
from tests.hub.conftest import hub_app as hub_app
from tests.hub.conftest import hub_client as hub_client
from tests.hub.conftest import hub_db as hub_db
from tests.hub.conftest import hub_settings as hub_settings
from tests.hub.conftest import log_stream as log_stream
from tests.hub.conftest import make_user as make_user
from tests.hub.zoomed import served as served
from tests.hub.zoomed import zoomed as zoomed
from tests.hub.zoomed import zoomed_settings_extra as zoomed_settings_extra
