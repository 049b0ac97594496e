"""All candidate-facing text, keyed by language. Add a key to both languages."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Interview for {job}",
        "greeting": "Hello {name}. This is an interview with an AI interviewer.",
        "consent_intro": (
            "Before we start: your camera and microphone will be recorded during the interview. "
            "Your answers are transcribed, your voice delivery (pace, pauses, volume) and face signals "
            "(presence, gaze, blinks, expression) are measured, and an AI scores your answers against the "
            "job's rubric. A recruiter reviews the results. Recordings are kept as long as the company's "
            "retention setting allows; to withdraw, tell the recruiter and your data will be deleted."
        ),
        "consent_recording": "I agree to audio and video recording.",
        "consent_analysis": "I agree to the analysis of my answers, voice and face signals.",
        "consent_button": "Agree and continue",
        "consented": "Thank you: consent recorded.",
        "missing_token": "Open this page from the interview link you received.",
    },
    "ko": {
        "title": "{job} 면접",
        "greeting": "{name}님, 안녕하세요. AI 면접관과 진행하는 면접입니다.",
        "consent_intro": (
            "시작하기 전에: 면접 중 카메라와 마이크가 녹화됩니다. 답변은 텍스트로 변환되고, 음성 전달(속도, 쉼, 음량)과 "
            "얼굴 신호(화면 응시, 눈 깜빡임, 표정)가 측정되며, AI가 직무 평가 기준에 따라 답변을 채점합니다. 결과는 채용 "
            "담당자가 검토합니다. 녹화는 회사의 보관 기간 동안만 보관되며, 철회를 원하시면 채용 담당자에게 알려 주세요."
        ),
        "consent_recording": "음성 및 영상 녹화에 동의합니다.",
        "consent_analysis": "답변, 음성, 얼굴 신호 분석에 동의합니다.",
        "consent_button": "동의하고 계속",
        "consented": "감사합니다. 동의가 기록되었습니다.",
        "missing_token": "받으신 면접 링크로 이 페이지를 열어 주세요.",
    },
}


def t(language: str, key: str, **values: str) -> str:
    table = TEXT.get(language, TEXT["en"])
    return table.get(key, TEXT["en"][key]).format(**values)
