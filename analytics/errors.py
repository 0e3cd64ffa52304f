"""Errors a person can act on. Every message is written for a non-engineer."""


class InputError(Exception):
    """A file or request Heartbeat cannot import; `str(err)` is the message to show."""


class NotTabular(InputError):
    """The file is not a table of text (an image, a PDF, an archive...)."""


class EmptyFile(InputError):
    """The file holds no data rows."""


class FileTooLarge(InputError):
    """The file is over the configured upload limit."""


class MissingColumns(InputError):
    """A required field has no column mapped to it."""


class DuplicateFile(InputError):
    """The same file (same bytes) is already in the workspace."""

    def __init__(self, message: str, batch_id: int):
        super().__init__(message)
        self.batch_id = batch_id


class WorkspaceBusy(InputError):
    """Another process holds the workspace file for writing."""


class WorkspaceUnusable(InputError):
    """The workspace file cannot be opened or written (read-only folder, a folder in its place,
    a damaged file, a full disk)."""


class MostRowsRejected(InputError):
    """Most of a file's rows would be rejected, nearly always for one reason: a wrong choice (a
    date format, a scale, a column), not bad data. Nothing was imported. `reasons` holds
    (reason, rows) pairs, most common first; `sample` some rejected rows (line, row, reason)."""

    def __init__(self, message: str, reasons: list[tuple[str, int]], sample: list[tuple]):
        super().__init__(message)
        self.reasons = reasons
        self.sample = sample
