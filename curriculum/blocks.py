"""StreamField blocks for lessons: text, media, readings, discussion prompts, self-check quizzes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class ReadingBlock(blocks.StructBlock):
    """A reading with a link: an article, a report, a chapter."""

    title = blocks.CharBlock(label=_("Title"), max_length=250)
    author = blocks.CharBlock(label=_("Author or source"), required=False, max_length=250)
    url = blocks.URLBlock(label=_("Link"), required=False)
    note = blocks.TextBlock(label=_("Why read it"), required=False)

    class Meta:
        icon = "link"
        label = _("Reading")
        template = "curriculum/blocks/reading.html"


class ReadingListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    readings = blocks.ListBlock(ReadingBlock(), label=_("Readings"))

    class Meta:
        icon = "list-ul"
        label = _("Readings")
        template = "curriculum/blocks/reading_list.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "curriculum/blocks/document.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video link"), max_width=800)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "curriculum/blocks/video.html"


class DiscussionPromptBlock(blocks.StructBlock):
    """A question to discuss with the mentor group or peers."""

    prompt = blocks.TextBlock(label=_("Prompt"))
    guidance = blocks.RichTextBlock(
        label=_("Guidance"), required=False, features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "openquote"
        label = _("Discussion prompt")
        template = "curriculum/blocks/discussion_prompt.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"), required=False, help_text=_("Shown when this answer is chosen.")
    )


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=500)
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Answers"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer correct."))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    """A short self-check: answering every question correctly completes the lesson."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "tick-inverse"
        label = _("Self-check quiz")
        template = "curriculum/blocks/quiz.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200, form_classname="title")
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "blockquote", "document-link"],
    )
    image = ImageBlock(label=_("Image"))
    video = VideoBlock()
    document = DocumentBlock()
    readings = ReadingListBlock()
    discussion = DiscussionPromptBlock()
    quiz = QuizBlock()


def check_quiz(quiz_value, answers):
    """Mark a quiz: ``answers`` maps question index to the chosen answer index.

    Returns ``(passed, results)`` where each result holds the question, the chosen answer
    (or None), whether it is correct and the answer's feedback.
    """
    results = []
    for index, question in enumerate(quiz_value["questions"]):
        chosen = answers.get(index)
        choices = list(question["choices"])
        choice = choices[chosen] if chosen is not None and 0 <= chosen < len(choices) else None
        results.append(
            {
                "index": index,
                "question": question["question"],
                "chosen": chosen,
                "correct": bool(choice and choice["correct"]),
                "feedback": choice["feedback"] if choice else "",
                "answered": choice is not None,
            }
        )
    passed = bool(results) and all(result["correct"] for result in results)
    return passed, results
