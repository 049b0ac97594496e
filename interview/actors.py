"""Who is calling: a staff member (from a JWT) or a candidate (from an invite token)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from interview.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Staff:
    user_id: uuid.UUID
    role: str  # recruiter | ml | admin
    company_id: uuid.UUID | None

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise Forbidden(f"this needs the {' or '.join(roles)} role; ask an admin for access")

    def require_company(self, company_id: uuid.UUID, *, missing: str) -> None:
        """Admins work with every company, recruiters only with their own. Another company's
        record answers exactly like one that does not exist (``missing``), so ids cannot be probed."""
        if self.role == "admin":
            return
        if self.role != "recruiter" or self.company_id != company_id:
            raise NotFound(missing)

    def may_read(self, company_id: uuid.UUID) -> bool:
        """Reading (reports, rankings): ml and admin across companies, a recruiter their own."""
        return self.role in ("admin", "ml") or (self.role == "recruiter" and self.company_id == company_id)
