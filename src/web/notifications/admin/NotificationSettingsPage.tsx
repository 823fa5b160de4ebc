// Admin: notification settings in one place (templates, rules, email, chat, mailing lists); the
// open tab is in the URL.
import { Stack, Tabs } from '@mantine/core';
import { AdminPageHeader, useUrlParam } from '../../admin/kit';
import { ChatTab, EmailTab, MailingListsTab, RulesTab } from './SettingsTabs';
import { TemplatesTab } from './TemplatesTab';

export default function NotificationSettingsPage() {
  const [tab, setTab] = useUrlParam('tab');
  return (
    <Stack>
      <AdminPageHeader
        title="Notification settings"
        description="What is sent, to whom, and through which server or channel."
      />
      <Tabs
        value={tab || 'templates'}
        onChange={(value) => setTab(value === 'templates' ? null : value)}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="templates">Templates</Tabs.Tab>
          <Tabs.Tab value="rules">Rules</Tabs.Tab>
          <Tabs.Tab value="email">Email (SMTP)</Tabs.Tab>
          <Tabs.Tab value="chat">Chat webhooks</Tabs.Tab>
          <Tabs.Tab value="lists">Mailing lists</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="templates" pt="md">
          <TemplatesTab />
        </Tabs.Panel>
        <Tabs.Panel value="rules" pt="md">
          <RulesTab />
        </Tabs.Panel>
        <Tabs.Panel value="email" pt="md">
          <EmailTab />
        </Tabs.Panel>
        <Tabs.Panel value="chat" pt="md">
          <ChatTab />
        </Tabs.Panel>
        <Tabs.Panel value="lists" pt="md">
          <MailingListsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
