"""Who is calling: a staff member (from a JWT) or a candidate (from an invite token)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from interview.errors import Forbidden


@dataclass(frozen=True)
class Staff:
    user_id: uuid.UUID
    role: str  # recruiter | ml | admin
    company_id: uuid.UUID | None

    def require_role(self, *roles: str) -> None:
        if self.role not in roles:
            raise Forbidden(f"this needs the {' or '.join(roles)} role; ask an admin for access")

    def require_company(self, company_id: uuid.UUID) -> None:
        """Admins see every company; recruiters only their own."""
        if self.role == "admin":
            return
        if self.role != "recruiter" or self.company_id != company_id:
            raise Forbidden("you can only work with your own company's data")
