"""All candidate-facing text, keyed by language. Add a key to both languages."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Interview for {job}",
        "greeting": "Hello {name}. This is an interview with an AI interviewer.",
        "consent_intro": (
            "Before we start: your camera and microphone will be recorded during the interview. "
            "Your answers are transcribed, your voice delivery (pace, pauses, volume) is measured, and an AI scores "
            "your answers against the job's rubric. A recruiter reviews the results. Face analysis (presence, gaze, "
            "blinks, expression) is optional and asked separately below. Your recordings, transcripts, resume and "
            "signals are kept for at most {days} days and then deleted. You can withdraw at any time, also after "
            "the interview, with the link on the last screen: your data is then deleted at once."
        ),
        "consent_recording": "I agree to audio and video recording.",
        "consent_analysis": "I agree to the transcription and analysis of my answers and voice.",
        "consent_face": (
            "Optional: I agree to face analysis (presence, gaze, blinks, expression) from my camera. Without it "
            "the camera is only a preview and no face signal is computed or stored."
        ),
        "consent_button": "Agree and continue",
        "consented": "Thank you: consent recorded.",
        "missing_token": "Open this page from the interview link you received.",
        "resume_title": "Your resume",
        "resume_intro": "Upload your resume as a text PDF (up to 10 MB). The interviewer asks about what it says.",
        "resume_file": "Resume (PDF)",
        "resume_upload": "Upload resume",
        "resume_skip": "Continue without a resume",
        "resume_parsing": "Reading your resume…",
        "resume_done": "Read {pages} page(s). Please check what we understood:",
        "resume_none": "No file chosen: pick a PDF first, or continue without a resume.",
        "summary_roles": "Roles", "summary_employers": "Employers", "summary_projects": "Projects",
        "summary_skills": "Skills", "summary_years": "Years of experience", "summary_education": "Education",
        "check_title": "Camera and microphone",
        "check_intro": (
            "Press the record button below and allow the camera and microphone. You will see yourself; the "
            "interviewer then greets you and asks the first question aloud. Answer naturally: pause briefly to "
            "think whenever you need; a longer silence, or the button, ends your answer."
        ),
        "busy": "All interviewers are busy right now. Please retry in a minute.",
        "done_button": "I'm done answering",
        "question_of": "Question {k} of {n}",
        "follow_up_of": "Follow-up to question {k} of {n}",
        "state_connecting": "Connecting…", "state_speaking": "Interviewer speaking",
        "state_listening": "Listening", "state_thinking": "Thinking…", "state_done": "Interview complete",
        "state_error": "Something went wrong",
        "time_limit": "Time limit for this answer: {s} s",
        "live_error": "Something went wrong on our side. Reload the page: your finished answers are kept.",
        "live_done": "Thank you, the interview is complete. You can close this page.",
        "live_goodbye": "Thank you. That was the last question. The interview is complete.",
        "live_time_up": "Thank you, that is the time for this answer.",
        "live_no_answer": "We did not hear an answer; moving on to the next question.",
        "live_taken_over": "This interview continued in another tab or window.",
        "live_busy": "All interviewers are busy right now. Please retry in a minute.",
        "camera_help": (
            "If you see no picture: allow camera and microphone for this site in your browser's address bar, "
            "check no other app uses them, then press record again."
        ),
        "feedback_title": "Your feedback",
        "withdraw_intro": (
            "You can withdraw from this interview: your recordings, transcripts, resume and voice and face signals "
            "are then deleted, and the recruiter sees only that you withdrew."
        ),
        "withdraw_button": "Withdraw and delete my data",
        "withdraw_confirm": (
            "Are you sure? Withdrawing deletes everything you recorded and uploaded for this interview, cannot be "
            "undone, and ends your application through this interview."
        ),
        "withdraw_yes": "Yes, withdraw and delete my data",
        "withdraw_cancel": "Cancel",
        "withdrawn": "You have withdrawn from this interview. Your data has been deleted.",
    },
    "ko": {
        "title": "{job} 면접",
        "greeting": "{name}님, 안녕하세요. AI 면접관과 진행하는 면접입니다.",
        "consent_intro": (
            "시작하기 전에: 면접 중 카메라와 마이크가 녹화됩니다. 답변은 텍스트로 변환되고, 음성 전달(속도, 쉼, 음량)이 "
            "측정되며, AI가 직무 평가 기준에 따라 답변을 채점합니다. 결과는 채용 담당자가 검토합니다. 얼굴 분석(화면 응시, "
            "눈 깜빡임, 표정)은 선택 사항이며 아래에서 따로 묻습니다. 녹화, 답변 기록, 이력서와 측정 신호는 최대 {days}일 "
            "동안 보관된 뒤 삭제됩니다. 면접 후에도 마지막 화면의 링크로 언제든 철회할 수 있으며, 철회하면 데이터가 즉시 "
            "삭제됩니다."
        ),
        "consent_recording": "음성 및 영상 녹화에 동의합니다.",
        "consent_analysis": "답변과 음성의 텍스트 변환 및 분석에 동의합니다.",
        "consent_face": (
            "선택: 카메라 영상의 얼굴 분석(화면 응시, 눈 깜빡임, 표정)에 동의합니다. 동의하지 않으면 카메라는 미리보기로만 "
            "쓰이고 얼굴 신호는 계산하거나 저장하지 않습니다."
        ),
        "consent_button": "동의하고 계속",
        "consented": "감사합니다. 동의가 기록되었습니다.",
        "missing_token": "받으신 면접 링크로 이 페이지를 열어 주세요.",
        "resume_title": "이력서",
        "resume_intro": "이력서를 텍스트 PDF로 올려 주세요(최대 10MB). 면접관이 이력서 내용을 바탕으로 질문합니다.",
        "resume_file": "이력서 (PDF)",
        "resume_upload": "이력서 올리기",
        "resume_skip": "이력서 없이 계속",
        "resume_parsing": "이력서를 읽는 중…",
        "resume_done": "{pages}쪽을 읽었습니다. 저희가 이해한 내용을 확인해 주세요:",
        "resume_none": "파일이 선택되지 않았습니다. PDF를 고르거나 이력서 없이 계속하세요.",
        "summary_roles": "직무", "summary_employers": "회사", "summary_projects": "프로젝트",
        "summary_skills": "기술", "summary_years": "경력 연수", "summary_education": "학력",
        "check_title": "카메라와 마이크",
        "check_intro": (
            "아래 녹화 버튼을 누르고 카메라와 마이크를 허용해 주세요. 본인 화면이 보이면 면접관이 인사하고 첫 질문을 "
            "소리로 합니다. 자연스럽게 답하세요. 생각할 때 잠시 멈추셔도 됩니다. 더 긴 침묵이나 버튼이 답변을 끝냅니다."
        ),
        "busy": "지금은 모든 면접관이 면접 중입니다. 1분 후에 다시 시도해 주세요.",
        "done_button": "답변 완료",
        "question_of": "질문 {k} / {n}",
        "follow_up_of": "질문 {k} / {n}의 꼬리 질문",
        "state_connecting": "연결 중…", "state_speaking": "면접관이 말하는 중",
        "state_listening": "듣는 중", "state_thinking": "생각 중…", "state_done": "면접 완료",
        "state_error": "문제가 생겼습니다",
        "time_limit": "이 답변의 제한 시간: {s}초",
        "live_error": "저희 쪽에 문제가 생겼습니다. 페이지를 새로 고쳐 주세요. 끝난 답변은 저장되어 있습니다.",
        "live_done": "감사합니다. 면접이 끝났습니다. 이 페이지를 닫으셔도 됩니다.",
        "live_goodbye": "감사합니다. 마지막 질문이었습니다. 면접이 끝났습니다.",
        "live_time_up": "감사합니다. 이 답변의 시간이 끝났습니다.",
        "live_no_answer": "답변이 들리지 않아 다음 질문으로 넘어갑니다.",
        "live_taken_over": "이 면접은 다른 탭이나 창에서 계속되고 있습니다.",
        "live_busy": "지금은 모든 면접관이 면접 중입니다. 1분 후에 다시 시도해 주세요.",
        "camera_help": (
            "화면이 보이지 않으면 주소창에서 이 사이트의 카메라와 마이크를 허용하고, 다른 앱이 사용 중이 아닌지 확인한 뒤 "
            "녹화 버튼을 다시 눌러 주세요."
        ),
        "feedback_title": "피드백",
        "withdraw_intro": (
            "이 면접에서 철회할 수 있습니다. 철회하면 녹화, 답변 기록, 이력서, 음성과 얼굴 신호가 삭제되고, 채용 담당자는 "
            "철회했다는 사실만 보게 됩니다."
        ),
        "withdraw_button": "철회하고 내 데이터 삭제",
        "withdraw_confirm": (
            "정말 철회하시겠습니까? 철회하면 이 면접에서 녹화하고 올린 모든 내용이 삭제되며 되돌릴 수 없고, 이 면접을 통한 "
            "지원도 끝납니다."
        ),
        "withdraw_yes": "예, 철회하고 데이터를 삭제합니다",
        "withdraw_cancel": "취소",
        "withdrawn": "면접에서 철회했습니다. 데이터가 삭제되었습니다.",
    },
}


def t(language: str, key: str, **values: str) -> str:
    table = TEXT.get(language, TEXT["en"])
    return table.get(key, TEXT["en"][key]).format(**values)
