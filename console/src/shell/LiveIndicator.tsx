import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLiveState } from '../live';

/** Says whether screens update by themselves right now; assistive technology hears when that changes. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveState();
  const status = state === 'live' ? 'success' : state === 'connecting' ? 'processing' : 'default';
  return (
    <Tooltip title={t(state === 'live' ? 'live.liveHint' : 'live.offlineHint')}>
      <span role="status" data-testid="live-status" data-state={state} tabIndex={0}>
        <Badge status={status} text={t(`live.${state}`)} />
      </span>
    </Tooltip>
  );
}
