"""The clock, in Vietnam time. A server usually runs on UTC: a date or time taken from it directly would put a load
made at 06:30 in Hà Nội on the day before. Everything that reads "now" or "today" asks here."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_now() -> datetime:
    """Now as the analyst's clock shows it (UTC+7), without a time zone (as the warehouse stores times)."""
    return datetime.now(VIETNAM).replace(tzinfo=None)


def vietnam_today() -> date:
    return vietnam_now().date()
