# Criteria: the final step of the bootstrap (key and locale required, unique together);
# the call's extra questions now live in GrantQuestion rows.

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0006_bootstrap_questions_and_criteria'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='grantcall',
            name='extra_questions',
        ),
        migrations.AlterField(
            model_name='criterion',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='criterion',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name='criterion',
            unique_together={('translation_key', 'locale')},
        ),
    ]
