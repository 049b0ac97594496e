from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Company


def create_company(session: Session, *, name: str, talent_profile: str) -> Company:
    company = Company(name=name.strip(), talent_profile=talent_profile)
    session.add(company)
    session.flush()
    return company


def get_company(session: Session, *, company_id: uuid.UUID) -> Company | None:
    return session.get(Company, company_id)


def list_companies(session: Session, *, company_id: uuid.UUID | None = None) -> list[Company]:
    query = select(Company).order_by(Company.name)
    if company_id is not None:
        query = query.where(Company.id == company_id)
    return list(session.scalars(query))
