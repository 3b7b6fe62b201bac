"""E-mail: an outbox written with the action, sent over SMTP after the response.

``queue_mail`` adds a :class:`~.models.MailMessage` row in the caller's transaction; after
the request has answered, the outbox is flushed (``outbox.flush``), and a message that could
not be sent is retried with backoff at the next flush or by ``flask lms send-mail``.
"""
