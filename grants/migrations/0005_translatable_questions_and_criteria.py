# Criteria become translatable (bootstrap step: nullable key and locale) and a call's
# extra questions become rows (GrantQuestion), translatable too.

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grants', '0004_info_requested_and_messages'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='criterion',
            name='locale',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale'),
        ),
        migrations.AddField(
            model_name='criterion',
            name='translation_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name='GrantQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('text', models.CharField(max_length=500, verbose_name='question')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('call', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='grants.grantcall')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'grant call question',
                'verbose_name_plural': 'grant call questions',
                'ordering': ['call', 'position', 'pk'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
        ),
    ]
