from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Company, Job


def create_job(session: Session, *, company_id: uuid.UUID, created_by: uuid.UUID | None, **fields: Any) -> Job:
    job = Job(company_id=company_id, created_by=created_by, **fields)
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, *, job_id: uuid.UUID) -> Job | None:
    return session.get(Job, job_id)


def list_jobs(session: Session, *, company_id: uuid.UUID | None = None) -> list[Job]:
    query = select(Job).order_by(Job.created_at.desc())
    if company_id is not None:
        query = query.where(Job.company_id == company_id)
    return list(session.scalars(query))


def jobs_with_company(session: Session, *, company_id: uuid.UUID | None = None) -> list[tuple[Job, str]]:
    """Jobs (newest first) with their company's name; all companies when ``company_id`` is None."""
    query = select(Job, Company.name).join(Company, Company.id == Job.company_id).order_by(Job.created_at.desc())
    if company_id is not None:
        query = query.where(Job.company_id == company_id)
    return [(row[0], str(row[1])) for row in session.execute(query).all()]
