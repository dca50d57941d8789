<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>About</name>
    <message>
        <location filename="../../ui/about.py" line="38"/>
        <source>技术经纪人工作台</source>
        <translation>技术经纪人工作台</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="41"/>
        <source>技术经纪人的企业走访、需求、成果、对接、合同和奖励申请工作台。</source>
        <translation>技术经纪人的企业走访、需求、成果、对接、合同和奖励申请工作台。</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="43"/>
        <source>Qt %1 · PySide6 %2 · Python %3</source>
        <translation>Qt %1 · PySide6 %2 · Python %3</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="48"/>
        <source>随附的第三方资源</source>
        <translation>随附的第三方资源</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="50"/>
        <source>字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache License 2.0 / GPLv3</source>
        <translation>字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache License 2.0 / GPLv3</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="52"/>
        <source>图标：Lucide %1，ISC 许可证</source>
        <translation>图标：Lucide %1，ISC 许可证</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="55"/>
        <source>许可证全文在程序的 resources/fonts 与 resources/icons/lucide 文件夹中。</source>
        <translation>许可证全文在程序的 resources/fonts 与 resources/icons/lucide 文件夹中。</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about.py" line="65"/>
        <source>关于技术经纪人工作台</source>
        <translation>关于技术经纪人工作台</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/workspaces/today.py" line="164"/>
        <source>数量</source>
        <translation>数量</translation>
    </message>
</context>
<context>
    <name>BatchPdfJob</name>
    <message>
        <location filename="../../ui/claim_preview.py" line="374"/>
        <source>生成申请表时出现意外错误，详细信息已写入日志。</source>
        <translation>生成申请表时出现意外错误，详细信息已写入日志。</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="390"/>
        <source>正在生成申请表…</source>
        <translation>正在生成申请表…</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="390"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="392"/>
        <location filename="../../ui/claim_preview.py" line="420"/>
        <location filename="../../ui/claim_preview.py" line="431"/>
        <source>批量生成申请表</source>
        <translation>批量生成申请表</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="401"/>
        <source>已生成 {0}/{1}：{2}</source>
        <translation>已生成 {0}/{1}：{2}</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="406"/>
        <source>已生成 {0} 份申请表，保存在 {1}。</source>
        <translation>已生成 {0} 份申请表，保存在 {1}。</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="411"/>
        <source>已取消，其余申请未生成。</source>
        <translation>已取消，其余申请未生成。</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="413"/>
        <source>以下申请缺少资料，未生成：</source>
        <translation>以下申请缺少资料，未生成：</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="416"/>
        <source>以下申请表打印后需手写补全个别字符：</source>
        <translation>以下申请表打印后需手写补全个别字符：</translation>
    </message>
</context>
<context>
    <name>CandidatesPanel</name>
    <message>
        <location filename="../../ui/match_panels.py" line="387"/>
        <source>成熟度不限</source>
        <translation>成熟度不限</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="392"/>
        <source>转化方式不限</source>
        <translation>转化方式不限</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="397"/>
        <source>地区不限</source>
        <translation>地区不限</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="398"/>
        <source>宁波</source>
        <translation>宁波</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="399"/>
        <source>浙江</source>
        <translation>浙江</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="404"/>
        <source> 万元</source>
        <translation> 万元</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="405"/>
        <source>价格不限</source>
        <translation>价格不限</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="406"/>
        <source>显示已忽略</source>
        <translation>显示已忽略</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="413"/>
        <source>接受为候选</source>
        <translation>接受为候选</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="416"/>
        <source>接受并推荐</source>
        <translation>接受并推荐</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="419"/>
        <source>忽略</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="421"/>
        <source>不再为这个需求显示此成果（可撤销）</source>
        <translation>不再为这个需求显示此成果（可撤销）</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="423"/>
        <source>撤销忽略</source>
        <translation>撤销忽略</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="443"/>
        <source>匹配分</source>
        <translation>匹配分</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="443"/>
        <source>成果名称</source>
        <translation>成果名称</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="443"/>
        <source>持有单位</source>
        <translation>持有单位</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="443"/>
        <source>主要理由</source>
        <translation>主要理由</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="446"/>
        <source>共 %1 项候选成果</source>
        <translation>共 %1 项候选成果</translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message numerus="yes">
        <location filename="../../ui/workspaces/pipeline_board.py" line="311"/>
        <source>%n 天</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClaimDetail</name>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="157"/>
        <source>提交</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="158"/>
        <source>批准</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="159"/>
        <source>标记为已发放</source>
        <translation>标记为已发放</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="160"/>
        <source>退回…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="161"/>
        <source>修订</source>
        <translation>修订</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="162"/>
        <source>预览/打印</source>
        <translation>预览/打印</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="206"/>
        <source>合作经纪人（姓名或拼音首字母）</source>
        <translation>合作经纪人（姓名或拼音首字母）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="209"/>
        <source>比例，如 30</source>
        <translation>比例，如 30</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="211"/>
        <source>添加</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="213"/>
        <source>移除</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="215"/>
        <source>保存分配</source>
        <translation>保存分配</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="252"/>
        <source>计算过程</source>
        <translation>计算过程</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="253"/>
        <source>经纪人分配</source>
        <translation>经纪人分配</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="254"/>
        <source>附件清单</source>
        <translation>附件清单</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="255"/>
        <source>状态记录</source>
        <translation>状态记录</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="283"/>
        <source>选择一项申请查看计算过程</source>
        <translation>选择一项申请查看计算过程</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="325"/>
        <source>项目</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="327"/>
        <source>政策</source>
        <translation>政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="328"/>
        <source>%1（第 %2 版）</source>
        <translation>%1（第 %2 版）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="332"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="333"/>
        <source>申请日期</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="335"/>
        <source>修订次数</source>
        <translation>修订次数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="340"/>
        <source>退回原因</source>
        <translation>退回原因</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="336"/>
        <source>第 %1 次修订</source>
        <translation>第 %1 次修订</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="128"/>
        <source>数据指纹</source>
        <translation>数据指纹</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="131"/>
        <source>申请数据（当事人、合同、到账、金额、分配）的 SHA-256，印在表上、写在二维码里，数据也附在 PDF 中。重新计算得到同一指纹，证明表上的数据未被改动。</source>
        <translation>申请数据（当事人、合同、到账、金额、分配）的 SHA-256，印在表上、写在二维码里，数据也附在 PDF 中。重新计算得到同一指纹，证明表上的数据未被改动。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="136"/>
        <source>文件校验码</source>
        <translation>文件校验码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="139"/>
        <source>提交时存档的 PDF 文件本身的 SHA-256。与交给区里的文件比对一致，证明文件与存档一字不差；草稿提交后才有。</source>
        <translation>提交时存档的 PDF 文件本身的 SHA-256。与交给区里的文件比对一致，证明文件与存档一字不差；草稿提交后才有。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="344"/>
        <source>申请金额 %1 元</source>
        <translation>申请金额 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="346"/>
        <source>（资料补齐后生成）</source>
        <translation>（资料补齐后生成）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="348"/>
        <source>（提交存档后生成）</source>
        <translation>（提交存档后生成）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="355"/>
        <source>适用上限：%1</source>
        <translation>适用上限：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="357"/>
        <source>未触及上限</source>
        <translation>未触及上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="390"/>
        <source>提交前还需处理：</source>
        <translation>提交前还需处理：</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="402"/>
        <source>（必备）</source>
        <translation>（必备）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="421"/>
        <source>必备附件 %1 / %2 已齐</source>
        <translation>必备附件 %1 / %2 已齐</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="422"/>
        <source>&#x3000;（已提交的申请不能修改）</source>
        <translation>&#x3000;（已提交的申请不能修改）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="445"/>
        <source>合计 %1%</source>
        <translation>合计 %1%</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="447"/>
        <source>（须为 100%）</source>
        <translation>（须为 100%）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="458"/>
        <source>请从列表中选择合作经纪人</source>
        <translation>请从列表中选择合作经纪人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="468"/>
        <source>该经纪人已在分配中</source>
        <translation>该经纪人已在分配中</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_detail.py" line="516"/>
        <source>附件未保存：</source>
        <translation>附件未保存：</translation>
    </message>
</context>
<context>
    <name>ClaimPreviewDialog</name>
    <message>
        <location filename="../../ui/claim_preview.py" line="79"/>
        <source>无法打开申请表 PDF</source>
        <translation>无法打开申请表 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="96"/>
        <source>上一页</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="102"/>
        <source>下一页</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="106"/>
        <source>缩小</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="109"/>
        <source>放大</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="110"/>
        <source>适合宽度</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="111"/>
        <source>整页</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="116"/>
        <source>打印…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="119"/>
        <source>另存为 PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="185"/>
        <source>第 {0} 页，共 {1} 页</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="224"/>
        <source>打印申请表</source>
        <translation>打印申请表</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="234"/>
        <source>无法打印</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="234"/>
        <source>打印机无法开始打印，请检查打印机设置。</source>
        <translation>打印机无法开始打印，请检查打印机设置。</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="266"/>
        <source>另存为 PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="266"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="277"/>
        <source>无法保存</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="277"/>
        <source>无法写入 {0}：{1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/claim_preview.py" line="310"/>
        <source>没有可预览的奖励申请</source>
        <translation>没有可预览的奖励申请</translation>
    </message>
</context>
<context>
    <name>ClaimsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="31"/>
        <source>本档奖励上限</source>
        <translation>本档奖励上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="32"/>
        <source>单个项目奖励上限</source>
        <translation>单个项目奖励上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="33"/>
        <source>经纪人年度奖励上限</source>
        <translation>经纪人年度奖励上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="139"/>
        <source>申请编号</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="146"/>
        <source>项目</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="152"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="159"/>
        <source>金额（元）</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="167"/>
        <source>政策及版本</source>
        <translation>政策及版本</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="174"/>
        <source>申请日期</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="183"/>
        <source>申请人</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="193"/>
        <source>奖励申请</source>
        <translation>奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="198"/>
        <source>筛选：申请编号…（Ctrl+F）</source>
        <translation>筛选：申请编号…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="202"/>
        <source>全部状态</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="271"/>
        <source>退回申请</source>
        <translation>退回申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="271"/>
        <source>退回原因：</source>
        <translation>退回原因：</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="292"/>
        <source>出现意外错误，详情见日志。</source>
        <translation>出现意外错误，详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="301"/>
        <source>操作未完成：</source>
        <translation>操作未完成：</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="347"/>
        <source>提交奖励申请</source>
        <translation>提交奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="348"/>
        <source>提交后申请表将存档，不能再修改。</source>
        <translation>提交后申请表将存档，不能再修改。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="353"/>
        <source>仍然提交</source>
        <translation>仍然提交</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="359"/>
        <source>不能提交：</source>
        <translation>不能提交：</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="375"/>
        <source>不能修订：</source>
        <translation>不能修订：</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="401"/>
        <source>不能生成申请表：</source>
        <translation>不能生成申请表：</translation>
    </message>
</context>
<context>
    <name>CodePicker</name>
    <message>
        <location filename="../../ui/editors.py" line="227"/>
        <source>输入代码或名称</source>
        <translation>输入代码或名称</translation>
    </message>
</context>
<context>
    <name>ComputationModel</name>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="47"/>
        <source>计算步骤</source>
        <translation>计算步骤</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="48"/>
        <source>基数（元）</source>
        <translation>基数（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="49"/>
        <source>比例</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="50"/>
        <source>金额（元）</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="51"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="41"/>
        <source>记录</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="42"/>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="43"/>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="44"/>
        <source>原值</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="45"/>
        <source>我的</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="46"/>
        <source>对方的</source>
        <translation>对方的</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="47"/>
        <source>修改人</source>
        <translation>修改人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="48"/>
        <source>修改时间</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>ConflictsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="86"/>
        <source>同步冲突</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="91"/>
        <source>您离线时修改的字段，服务器上已被他人改成了别的值。服务器保留了对方的值，本机现在显示的也是对方的值。请逐条决定：保留我的（作为新的修改上传），或采用对方的。</source>
        <translation>您离线时修改的字段，服务器上已被他人改成了别的值。服务器保留了对方的值，本机现在显示的也是对方的值。请逐条决定：保留我的（作为新的修改上传），或采用对方的。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="108"/>
        <source>没有待处理的冲突。</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="114"/>
        <source>保留我的</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="116"/>
        <source>采用对方的</source>
        <translation>采用对方的</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/conflicts.py" line="157"/>
        <location filename="../../ui/workspaces/conflicts.py" line="170"/>
        <source>无法处理冲突</source>
        <translation>无法处理冲突</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../ui/sync_widget.py" line="43"/>
        <source>连接区服务器</source>
        <translation>连接区服务器</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="46"/>
        <source>区科技局提供服务器地址和您的用户名、初始密码。密码保存在系统钥匙串中，不写入数据文件。</source>
        <translation>区科技局提供服务器地址和您的用户名、初始密码。密码保存在系统钥匙串中，不写入数据文件。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="61"/>
        <source>服务器地址</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="62"/>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="63"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="84"/>
        <source>请填写服务器地址、用户名和密码。</source>
        <translation>请填写服务器地址、用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="92"/>
        <source>服务器地址无效：%1</source>
        <translation>服务器地址无效：%1</translation>
    </message>
</context>
<context>
    <name>ContactForm</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="67"/>
        <source>编辑联系人</source>
        <translation>编辑联系人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="67"/>
        <source>新建联系人</source>
        <translation>新建联系人</translation>
    </message>
</context>
<context>
    <name>ContractDetail</name>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="123"/>
        <source>编辑</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="125"/>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="137"/>
        <source>按哪项奖励政策申请</source>
        <translation>按哪项奖励政策申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="141"/>
        <source>申请奖励</source>
        <translation>申请奖励</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="157"/>
        <source>来源链：走访 → 需求 → 对接 → 合同 → 奖励申请</source>
        <translation>来源链：走访 → 需求 → 对接 → 合同 → 奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="160"/>
        <source>奖励政策</source>
        <translation>奖励政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="208"/>
        <source>（未登记）</source>
        <translation>（未登记）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="205"/>
        <source>合同类型</source>
        <translation>合同类型</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="121"/>
        <source>添加到账</source>
        <translation>添加到账</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="148"/>
        <source>到账</source>
        <translation>到账</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="204"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="206"/>
        <source>卖方</source>
        <translation>卖方</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="207"/>
        <source>买方</source>
        <translation>买方</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="208"/>
        <source>登记编号</source>
        <translation>登记编号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="209"/>
        <source>签订日期</source>
        <translation>签订日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="210"/>
        <source>登记日期</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="211"/>
        <source>成交额</source>
        <translation>成交额</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="211"/>
        <location filename="../../ui/workspaces/contract_detail.py" line="212"/>
        <source>%1 元</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="212"/>
        <source>技术交易额</source>
        <translation>技术交易额</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="224"/>
        <source>已到账 %1 元 / 合同成交额 %2 元（%3）</source>
        <translation>已到账 %1 元 / 合同成交额 %2 元（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="236"/>
        <source>（无）</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="239"/>
        <source>企业：%1</source>
        <translation>企业：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="242"/>
        <source>走访：%1</source>
        <translation>走访：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="251"/>
        <source>需求：%1</source>
        <translation>需求：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="257"/>
        <source>对接：%1</source>
        <translation>对接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="263"/>
        <source>合同：%1</source>
        <translation>合同：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="265"/>
        <location filename="../../ui/workspaces/contract_detail.py" line="268"/>
        <source>奖励申请：%1</source>
        <translation>奖励申请：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="278"/>
        <source>不能申请奖励：</source>
        <translation>不能申请奖励：</translation>
    </message>
</context>
<context>
    <name>ContractForm</name>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="87"/>
        <source>编辑合同</source>
        <translation>编辑合同</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="87"/>
        <source>登记合同</source>
        <translation>登记合同</translation>
    </message>
</context>
<context>
    <name>ContractsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="191"/>
        <source>项目名称</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="192"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="193"/>
        <source>合同类型</source>
        <translation>合同类型</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="194"/>
        <source>卖方</source>
        <translation>卖方</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="195"/>
        <source>买方</source>
        <translation>买方</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="196"/>
        <source>登记编号</source>
        <translation>登记编号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="197"/>
        <source>签订日期</source>
        <translation>签订日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="198"/>
        <source>登记日期</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="199"/>
        <source>成交额（元）</source>
        <translation>成交额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="200"/>
        <source>技术交易额（元）</source>
        <translation>技术交易额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="201"/>
        <source>已到账（元）</source>
        <translation>已到账（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="340"/>
        <source>已删除 1 笔到账</source>
        <translation>已删除 1 笔到账</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="202"/>
        <source>奖励申请</source>
        <translation>奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="274"/>
        <source>合同</source>
        <translation>合同</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="279"/>
        <source>筛选：项目名称、登记编号、买方或卖方…（Ctrl+F）</source>
        <translation>筛选：项目名称、登记编号、买方或卖方…（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="97"/>
        <source>打开所在文件夹</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="100"/>
        <source>数据文件</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="110"/>
        <source>设置或修改密码…</source>
        <translation>设置或修改密码…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="112"/>
        <source>更换密钥…</source>
        <translation>更换密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="116"/>
        <source>加密与密钥</source>
        <translation>加密与密钥</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="131"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="131"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="131"/>
        <source>大小</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="131"/>
        <source>文件名</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="137"/>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="139"/>
        <source>从所选备份恢复…</source>
        <translation>从所选备份恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="141"/>
        <source>从其他文件恢复…</source>
        <translation>从其他文件恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="143"/>
        <source>打开备份文件夹</source>
        <translation>打开备份文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="154"/>
        <source> 份</source>
        <translation> 份</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="157"/>
        <source>自动备份保留</source>
        <translation>自动备份保留</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="159"/>
        <source>（关闭程序时和每天自动备份；手动备份不会被自动删除）</source>
        <translation>（关闭程序时和每天自动备份；手动备份不会被自动删除）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="166"/>
        <source>备份</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="173"/>
        <source>检查数据完整性</source>
        <translation>检查数据完整性</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="179"/>
        <source>完整性检查</source>
        <translation>完整性检查</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="196"/>
        <source>数据</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="222"/>
        <source>从备份恢复？</source>
        <translation>从备份恢复？</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="224"/>
        <source>用备份 %1 替换现在的全部数据？

恢复前会先把现在的数据另存为一份备份，需要时可以再恢复回来。</source>
        <translation>用备份 %1 替换现在的全部数据？

恢复前会先把现在的数据另存为一份备份，需要时可以再恢复回来。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="233"/>
        <source>选择备份文件</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="233"/>
        <source>数据文件 (*.db)</source>
        <translation>数据文件 (*.db)</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="250"/>
        <source>更换密钥？</source>
        <translation>更换密钥？</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="252"/>
        <source>将用新密钥重新加密数据文件和备份文件夹中的备份，并显示新的恢复密钥（只显示一次）。数据较多时需要一些时间，期间请不要关闭程序。继续吗？</source>
        <translation>将用新密钥重新加密数据文件和备份文件夹中的备份，并显示新的恢复密钥（只显示一次）。数据较多时需要一些时间，期间请不要关闭程序。继续吗？</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="296"/>
        <source>操作失败，详情见日志。</source>
        <translation>操作失败，详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="340"/>
        <source>还没有备份。点击“立即备份”创建第一份。</source>
        <translation>还没有备份。点击“立即备份”创建第一份。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="367"/>
        <source>已备份到 %1（用时 %2 秒）。</source>
        <translation>已备份到 %1（用时 %2 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="372"/>
        <source>正在备份…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="404"/>
        <source>已从 %1 恢复。恢复前的数据已另存为 %2。</source>
        <translation>已从 %1 恢复。恢复前的数据已另存为 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="409"/>
        <source>正在从备份恢复…</source>
        <translation>正在从备份恢复…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/settings/data.py" line="424"/>
        <source>……另有 %n 处</source>
        <translation>
            <numerusform>……另有 %n 处</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/settings/data.py" line="426"/>
        <source>发现 %n 处问题，请从备份恢复或联系技术支持：</source>
        <translation>
            <numerusform>发现 %n 处问题，请从备份恢复或联系技术支持：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="431"/>
        <source>检查通过：数据文件完好（用时 %1 秒）。</source>
        <translation>检查通过：数据文件完好（用时 %1 秒）。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="437"/>
        <source>正在检查数据完整性…</source>
        <translation>正在检查数据完整性…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="455"/>
        <source>系统钥匙串</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="457"/>
        <source>数据文件密码</source>
        <translation>数据文件密码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="458"/>
        <source>未找到（打开时需要恢复密钥）</source>
        <translation>未找到（打开时需要恢复密钥）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="460"/>
        <source>数据文件已加密（SQLCipher，256 位密钥）。</source>
        <translation>数据文件已加密（SQLCipher，256 位密钥）。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="461"/>
        <source>密钥保存在：%1</source>
        <translation>密钥保存在：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="468"/>
        <source>上次更换密钥：%1</source>
        <translation>上次更换密钥：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="470"/>
        <source>修改密码…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="470"/>
        <source>设置密码…</source>
        <translation>设置密码…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="490"/>
        <source>密码已设置。没有系统钥匙串的电脑上用它打开数据文件。</source>
        <translation>密码已设置。没有系统钥匙串的电脑上用它打开数据文件。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="492"/>
        <source>正在设置密码…</source>
        <translation>正在设置密码…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="515"/>
        <source>密钥已更换，数据文件和备份已重新加密。</source>
        <translation>密钥已更换，数据文件和备份已重新加密。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="520"/>
        <source>正在更换密钥并重新加密…</source>
        <translation>正在更换密钥并重新加密…</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../ui/editors.py" line="44"/>
        <source>年-月-日</source>
        <translation>年-月-日</translation>
    </message>
    <message>
        <location filename="../../ui/editors.py" line="50"/>
        <source>选择日期（Alt+↓）</source>
        <translation>选择日期（Alt+↓）</translation>
    </message>
</context>
<context>
    <name>DraftRecoveryPrompt</name>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="29"/>
        <source>找到未保存的走访</source>
        <translation>找到未保存的走访</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="39"/>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="40"/>
        <source>以后再说</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="42"/>
        <source>丢弃草稿</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="59"/>
        <source>（未选企业）</source>
        <translation>（未选企业）</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="64"/>
        <source>%1 · %2 项需求 · 保存于 %3</source>
        <translation>%1 · %2 项需求 · 保存于 %3</translation>
    </message>
</context>
<context>
    <name>EnterpriseDetail</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="92"/>
        <source>联系人</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="98"/>
        <source>添加联系人</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="100"/>
        <source>删除联系人</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="105"/>
        <source>走访与需求</source>
        <translation>走访与需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="138"/>
        <source>统一社会信用代码</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="138"/>
        <source>（未填）</source>
        <translation>（未填）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="139"/>
        <source>行政区划</source>
        <translation>行政区划</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="140"/>
        <source>行业</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="141"/>
        <source>产业集群</source>
        <translation>产业集群</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="142"/>
        <source>地址</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="143"/>
        <source>高新技术企业</source>
        <translation>高新技术企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="143"/>
        <source>是</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="144"/>
        <source>来源</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="153"/>
        <source>走访 %1&#x3000;%2</source>
        <translation>走访 %1&#x3000;%2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="158"/>
        <source>需求&#x3000;%1</source>
        <translation>需求&#x3000;%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="178"/>
        <source>不能删除</source>
        <translation>不能删除</translation>
    </message>
</context>
<context>
    <name>EnterprisesWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="192"/>
        <source>企业名称</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="199"/>
        <source>统一社会信用代码</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="206"/>
        <source>行政区划</source>
        <translation>行政区划</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="212"/>
        <source>行业</source>
        <translation>行业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="218"/>
        <source>产业集群</source>
        <translation>产业集群</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="224"/>
        <source>高新</source>
        <translation>高新</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="230"/>
        <source>联系人</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="237"/>
        <source>地址</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="244"/>
        <source>更新时间</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="255"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="280"/>
        <source>新建企业</source>
        <translation>新建企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/enterprises.py" line="290"/>
        <source>编辑企业</source>
        <translation>编辑企业</translation>
    </message>
</context>
<context>
    <name>EntityFormDialog</name>
    <message>
        <location filename="../../ui/forms.py" line="356"/>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="358"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="359"/>
        <source>忽略警告并保存</source>
        <translation>忽略警告并保存</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="457"/>
        <source>请核对上面的提示；确认无误可点击“忽略警告并保存”。</source>
        <translation>请核对上面的提示；确认无误可点击“忽略警告并保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="470"/>
        <source>放弃修改？</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <location filename="../../ui/forms.py" line="471"/>
        <source>表单有未保存的修改。要保存吗？</source>
        <translation>表单有未保存的修改。要保存吗？</translation>
    </message>
</context>
<context>
    <name>Figure</name>
    <message>
        <location filename="../../ui/workspaces/today.py" line="123"/>
        <source>%1 元</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="127"/>
        <source>元</source>
        <translation>元</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="51"/>
        <source>选择文件</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="52"/>
        <source>Excel/WPS 表格（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK）</source>
        <translation>Excel/WPS 表格（.xlsx、.xls）或 CSV 文件（UTF-8 或 GBK）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="57"/>
        <source>文件路径</source>
        <translation>文件路径</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="58"/>
        <source>浏览…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="67"/>
        <source>导入内容</source>
        <translation>导入内容</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="68"/>
        <source>文件</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="74"/>
        <source>选择要导入的文件</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="74"/>
        <source>表格文件 (*.xlsx *.xls *.csv *.txt)</source>
        <translation>表格文件 (*.xlsx *.xls *.csv *.txt)</translation>
    </message>
</context>
<context>
    <name>GlobalSearch</name>
    <message>
        <location filename="../../ui/global_search.py" line="102"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="103"/>
        <source>联系人</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="104"/>
        <source>技术需求</source>
        <translation>技术需求</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="105"/>
        <source>技术成果</source>
        <translation>技术成果</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="106"/>
        <source>合同</source>
        <translation>合同</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="113"/>
        <source>企</source>
        <translation>企</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="114"/>
        <source>人</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="115"/>
        <source>需</source>
        <translation>需</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="116"/>
        <source>果</source>
        <translation>果</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="117"/>
        <source>合</source>
        <translation>合</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="545"/>
        <source>全局搜索…</source>
        <translation>全局搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="564"/>
        <source>机器人</source>
        <translation>机器人</translation>
    </message>
</context>
<context>
    <name>GlobalSearchDialog</name>
    <message>
        <location filename="../../ui/global_search.py" line="301"/>
        <source>全局搜索</source>
        <translation>全局搜索</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="307"/>
        <source>搜索企业、联系人、需求、成果、合同：名称、代码、专利号或拼音首字母</source>
        <translation>搜索企业、联系人、需求、成果、合同：名称、代码、专利号或拼音首字母</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="326"/>
        <source>↑↓ 选择&#x3000;Enter 打开&#x3000;Esc 关闭</source>
        <translation>↑↓ 选择&#x3000;Enter 打开&#x3000;Esc 关闭</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="355"/>
        <source>正在搜索…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="379"/>
        <source>搜索失败，详情见日志。</source>
        <translation>搜索失败，详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="384"/>
        <source>输入名称、统一社会信用代码、专利号、合同登记号，或拼音首字母（如 nbcl）</source>
        <translation>输入名称、统一社会信用代码、专利号、合同登记号，或拼音首字母（如 nbcl）</translation>
    </message>
    <message>
        <location filename="../../ui/global_search.py" line="387"/>
        <source>没有找到“%1”</source>
        <translation>没有找到“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/global_search.py" line="389"/>
        <source>找到 %n 条</source>
        <translation>
            <numerusform>找到 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="308"/>
        <source>导入</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="312"/>
        <source>取消导入</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="326"/>
        <source>正在导入…（一次写入：取消或出错时数据保持原样）</source>
        <translation>正在导入…（一次写入：取消或出错时数据保持原样）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="362"/>
        <source>没有写入任何数据。</source>
        <translation>没有写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="371"/>
        <source>导入完成：新增 %1，更新 %2，无变化 %3，跳过 %4</source>
        <translation>导入完成：新增 %1，更新 %2，无变化 %3，跳过 %4</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="395"/>
        <source>导入数据</source>
        <translation>导入数据</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="31"/>
        <source>界面语言</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="34"/>
        <source>跟随系统（无法判断时使用简体中文）</source>
        <translation>跟随系统（无法判断时使用简体中文）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="47"/>
        <source>语言</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="49"/>
        <source>更改界面语言后，需要重新启动工作台才会生效（当前窗口保持原来的语言）。</source>
        <translation>更改界面语言后，需要重新启动工作台才会生效（当前窗口保持原来的语言）。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="70"/>
        <source>已保存。重新启动工作台后界面将使用 %1；现在仍为 %2。</source>
        <translation>已保存。重新启动工作台后界面将使用 %1；现在仍为 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/language.py" line="76"/>
        <source>当前界面语言：%1</source>
        <translation>当前界面语言：%1</translation>
    </message>
</context>
<context>
    <name>ListWorkspace</name>
    <message>
        <location filename="../../ui/listview.py" line="145"/>
        <source>筛选：名称、代码、拼音首字母…（Ctrl+F）</source>
        <translation>筛选：名称、代码、拼音首字母…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="147"/>
        <source>新建</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="148"/>
        <source>打开</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="149"/>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="304"/>
        <source>读取列表失败，详情见日志。</source>
        <translation>读取列表失败，详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="347"/>
        <source>不能删除</source>
        <translation>不能删除</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="153"/>
        <source>导入…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="155"/>
        <source>从 Excel/WPS 表格或 CSV 文件导入</source>
        <translation>从 Excel/WPS 表格或 CSV 文件导入</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="156"/>
        <source>导出…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="158"/>
        <source>按当前的筛选、排序和显示的列导出为 .xlsx 或 .csv</source>
        <translation>按当前的筛选、排序和显示的列导出为 .xlsx 或 .csv</translation>
    </message>
    <message>
        <location filename="../../ui/listview.py" line="408"/>
        <source>导出失败</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="60"/>
        <source>今日</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="67"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="74"/>
        <source>走访</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="81"/>
        <source>需求</source>
        <translation>需求</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="88"/>
        <source>技术成果</source>
        <translation>技术成果</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="95"/>
        <source>对接</source>
        <translation>对接</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="102"/>
        <source>合同</source>
        <translation>合同</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="109"/>
        <source>奖励申请</source>
        <translation>奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="116"/>
        <source>冲突</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="123"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="147"/>
        <source>技术经纪人工作台</source>
        <translation>技术经纪人工作台</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="149"/>
        <source>（演示数据）</source>
        <translation>（演示数据）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="250"/>
        <source>搜索索引已与数据核对并修复。</source>
        <translation>搜索索引已与数据核对并修复。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="265"/>
        <source>文件(&amp;F)</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="266"/>
        <source>编辑(&amp;E)</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="267"/>
        <source>视图(&amp;V)</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="268"/>
        <source>帮助(&amp;H)</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="291"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="300"/>
        <source>键盘快捷键</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="304"/>
        <source>关于技术经纪人工作台</source>
        <translation>关于技术经纪人工作台</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="361"/>
        <source>在列表中筛选</source>
        <translation>在列表中筛选</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="362"/>
        <source>打开选中的记录</source>
        <translation>打开选中的记录</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="363"/>
        <source>删除选中的记录</source>
        <translation>删除选中的记录</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="364"/>
        <source>撤销（表单中）</source>
        <translation>撤销（表单中）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="409"/>
        <source>已加密（密钥在系统钥匙串）</source>
        <translation>已加密（密钥在系统钥匙串）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="411"/>
        <source>已加密（密码保护）</source>
        <translation>已加密（密码保护）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="412"/>
        <source>已加密</source>
        <translation>已加密</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="415"/>
        <source>数据文件：%1</source>
        <translation>数据文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="420"/>
        <source>最近备份：%1</source>
        <translation>最近备份：%1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="422"/>
        <source>尚无备份</source>
        <translation>尚无备份</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="438"/>
        <source>企业 %1 · 需求 %2 · 成果 %3 · 合同 %4</source>
        <translation>企业 %1 · 需求 %2 · 成果 %3 · 合同 %4</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="272"/>
        <source>导入…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="276"/>
        <source>导出当前列表…</source>
        <translation>导出当前列表…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="280"/>
        <source>导出期间报表…</source>
        <translation>导出期间报表…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="337"/>
        <source>请先打开一个列表（企业、走访、需求、成果、合同等）再导出。</source>
        <translation>请先打开一个列表（企业、走访、需求、成果、合同等）再导出。</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="145"/>
        <source>核对列对应关系</source>
        <translation>核对列对应关系</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="146"/>
        <source>每一列导入到哪个字段；可以更改。下次导入表头相同的文件时会记住。</source>
        <translation>每一列导入到哪个字段；可以更改。下次导入表头相同的文件时会记住。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="148"/>
        <source>文件中的列</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="148"/>
        <source>导入到</source>
        <translation>导入到</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="148"/>
        <source>示例</source>
        <translation>示例</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="171"/>
        <source>（不导入）</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="181"/>
        <source>表头在第 %1 行。</source>
        <translation>表头在第 %1 行。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="182"/>
        <source>已使用上次保存的对应关系。</source>
        <translation>已使用上次保存的对应关系。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="191"/>
        <source>同一个字段只能对应一列</source>
        <translation>同一个字段只能对应一列</translation>
    </message>
</context>
<context>
    <name>MatchDetail</name>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="51"/>
        <source>洽谈要点、下一步、联系人……</source>
        <translation>洽谈要点、下一步、联系人……</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="53"/>
        <source>保存备注</source>
        <translation>保存备注</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="56"/>
        <source>登记合同…</source>
        <translation>登记合同…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="58"/>
        <source>达成意向后登记技术合同；登记后对接自动进入“已签约”</source>
        <translation>达成意向后登记技术合同；登记后对接自动进入“已签约”</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="59"/>
        <source>移至阶段</source>
        <translation>移至阶段</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="63"/>
        <source>删除对接</source>
        <translation>删除对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="75"/>
        <source>阶段记录</source>
        <translation>阶段记录</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="78"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="96"/>
        <source>选择一张卡片查看对接详情</source>
        <translation>选择一张卡片查看对接详情</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="133"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="134"/>
        <source>技术成果</source>
        <translation>技术成果</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="135"/>
        <source>持有单位</source>
        <translation>持有单位</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="136"/>
        <source>当前阶段</source>
        <translation>当前阶段</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="137"/>
        <source>放弃原因</source>
        <translation>放弃原因</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="145"/>
        <source>新建（%1）</source>
        <translation>新建（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_detail.py" line="151"/>
        <source>（发生于 %1）</source>
        <translation>（发生于 %1）</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <location filename="../../ui/widgets/money.py" line="36"/>
        <source>%1 元</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/money.py" line="37"/>
        <source>%1 万元</source>
        <translation>%1 万元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/money.py" line="44"/>
        <source>百万元</source>
        <translation>百万元</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/money.py" line="45"/>
        <source>万元</source>
        <translation>万元</translation>
    </message>
</context>
<context>
    <name>NeedBlock</name>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="79"/>
        <source>需求名称，如：碳纤维复合材料快速成型工艺</source>
        <translation>需求名称，如：碳纤维复合材料快速成型工艺</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="80"/>
        <source>① 主要问题：现状、瓶颈</source>
        <translation>① 主要问题：现状、瓶颈</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="81"/>
        <source>② 关键技术及指标：要达到的参数</source>
        <translation>② 关键技术及指标：要达到的参数</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="82"/>
        <source>③ 预期目标：效益、用途</source>
        <translation>③ 预期目标：效益、用途</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="85"/>
        <source>1–5 个，用逗号、顿号或空格分开</source>
        <translation>1–5 个，用逗号、顿号或空格分开</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="86"/>
        <source>删除此需求</source>
        <translation>删除此需求</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="98"/>
        <source>需求名称</source>
        <translation>需求名称</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="108"/>
        <source>主要问题</source>
        <translation>主要问题</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="109"/>
        <source>关键技术及指标</source>
        <translation>关键技术及指标</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="110"/>
        <source>预期目标</source>
        <translation>预期目标</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="122"/>
        <source>关键词</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/parts.py" line="138"/>
        <source>需求 %1</source>
        <translation>需求 %1</translation>
    </message>
</context>
<context>
    <name>NeedDetail</name>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="163"/>
        <source>主要问题</source>
        <translation>主要问题</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="164"/>
        <source>关键技术及指标</source>
        <translation>关键技术及指标</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="165"/>
        <source>预期目标</source>
        <translation>预期目标</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="178"/>
        <source>需求描述</source>
        <translation>需求描述</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="181"/>
        <source>双击到“对接”中查看</source>
        <translation>双击到“对接”中查看</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="183"/>
        <source>对接</source>
        <translation>对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="223"/>
        <source>%1 至 %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="229"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="230"/>
        <source>自筹资金</source>
        <translation>自筹资金</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="231"/>
        <source>解决方式</source>
        <translation>解决方式</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="232"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="233"/>
        <source>备案号</source>
        <translation>备案号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="234"/>
        <source>保密</source>
        <translation>保密</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="234"/>
        <source>是</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="235"/>
        <source>关键词</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="236"/>
        <source>来源</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="242"/>
        <source>（未填写）</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="245"/>
        <source>[%1] %2</source>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="255"/>
        <source>（还没有对接的技术成果）</source>
        <translation>（还没有对接的技术成果）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="256"/>
        <source>对接（%1）</source>
        <translation>对接（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="272"/>
        <source>候选成果</source>
        <translation>候选成果</translation>
    </message>
</context>
<context>
    <name>NeedForm</name>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="71"/>
        <source>编辑需求</source>
        <translation>编辑需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="71"/>
        <source>新建需求</source>
        <translation>新建需求</translation>
    </message>
</context>
<context>
    <name>NeedsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="299"/>
        <source>需求名称</source>
        <translation>需求名称</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="306"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="312"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="319"/>
        <source>关键词</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="326"/>
        <source>自筹资金（万元）</source>
        <translation>自筹资金（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="334"/>
        <source>备案号</source>
        <translation>备案号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="341"/>
        <source>对接数</source>
        <translation>对接数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="348"/>
        <source>更新时间</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="360"/>
        <source>需求</source>
        <translation>需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="365"/>
        <source>筛选：需求名称、问题、企业名称或拼音首字母…（Ctrl+F）</source>
        <translation>筛选：需求名称、问题、企业名称或拼音首字母…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="369"/>
        <source>全部状态</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="373"/>
        <source>只看某一状态的需求</source>
        <translation>只看某一状态的需求</translation>
    </message>
</context>
<context>
    <name>NewClaimDialog</name>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="71"/>
        <source>新建奖励申请</source>
        <translation>新建奖励申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="75"/>
        <source>输入项目名称或登记编号</source>
        <translation>输入项目名称或登记编号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="85"/>
        <source>合同</source>
        <translation>合同</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="86"/>
        <source>奖励政策</source>
        <translation>奖励政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="87"/>
        <source>按所选政策计算奖励金额，创建一份草稿；不符合政策条件时会逐条说明原因。</source>
        <translation>按所选政策计算奖励金额，创建一份草稿；不符合政策条件时会逐条说明原因。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="97"/>
        <source>计算并创建</source>
        <translation>计算并创建</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="99"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="111"/>
        <source>请从列表中选择合同</source>
        <translation>请从列表中选择合同</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claims.py" line="120"/>
        <source>不能申请奖励：</source>
        <translation>不能申请奖励：</translation>
    </message>
</context>
<context>
    <name>OpenErrorDialog</name>
    <message>
        <location filename="../../ui/security_dialogs.py" line="268"/>
        <source>无法打开数据文件</source>
        <translation>无法打开数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="275"/>
        <source>数据文件没有被改动或删除。</source>
        <translation>数据文件没有被改动或删除。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="280"/>
        <source>可以从下面的备份恢复（损坏的文件会改名保留，不会删除）：</source>
        <translation>可以从下面的备份恢复（损坏的文件会改名保留，不会删除）：</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="293"/>
        <source>请释放磁盘空间，或确认磁盘可写（不是只读的 U 盘或光盘），然后重试。</source>
        <translation>请释放磁盘空间，或确认磁盘可写（不是只读的 U 盘或光盘），然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="297"/>
        <source>第一次使用本软件？请选择“新建数据文件”。如果这里曾有数据，请从备份恢复。</source>
        <translation>第一次使用本软件？请选择“新建数据文件”。如果这里曾有数据，请从备份恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="303"/>
        <source>这是早期版本的未加密数据文件。转换后它将被加密保存，之后需要密钥（钥匙串或口令）才能打开。</source>
        <translation>这是早期版本的未加密数据文件。转换后它将被加密保存，之后需要密钥（钥匙串或口令）才能打开。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="311"/>
        <source>输入恢复密钥…</source>
        <translation>输入恢复密钥…</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="313"/>
        <source>从所选备份恢复</source>
        <translation>从所选备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="314"/>
        <source>选择其他备份文件…</source>
        <translation>选择其他备份文件…</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="320"/>
        <source>重试</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="322"/>
        <source>新建数据文件</source>
        <translation>新建数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="324"/>
        <source>加密并打开此文件</source>
        <translation>加密并打开此文件</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="326"/>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="331"/>
        <source>关闭时自动备份</source>
        <translation>关闭时自动备份</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="332"/>
        <source>每日自动备份</source>
        <translation>每日自动备份</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="333"/>
        <source>手动备份</source>
        <translation>手动备份</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="334"/>
        <source>恢复前的备份</source>
        <translation>恢复前的备份</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="355"/>
        <source>选择备份文件</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="355"/>
        <source>数据文件 (*.db)</source>
        <translation>数据文件 (*.db)</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/security_dialogs.py" line="56"/>
        <source>数据文件密码</source>
        <translation>数据文件密码</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="60"/>
        <source>这台电脑没有可用的系统钥匙串，数据文件的密钥将由密码保护。请设置一个至少 %1 个字符的密码。忘记密码时，可以用恢复密钥打开数据文件。</source>
        <translation>这台电脑没有可用的系统钥匙串，数据文件的密钥将由密码保护。请设置一个至少 %1 个字符的密码。忘记密码时，可以用恢复密钥打开数据文件。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="64"/>
        <source>请输入数据文件的密码：
%1</source>
        <translation>请输入数据文件的密码：
%1</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="75"/>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="37"/>
        <source>再输入一次</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="95"/>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="58"/>
        <source>密码太短：至少 %1 个字符。</source>
        <translation>密码太短：至少 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="99"/>
        <source>两次输入的密码不一致。</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="102"/>
        <source>请输入密码。</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="26"/>
        <source>设置数据文件密码</source>
        <translation>设置数据文件密码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="26"/>
        <source>输入数据文件密码</source>
        <translation>输入数据文件密码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="35"/>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="35"/>
        <source>新密码</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="47"/>
        <source>没有系统钥匙串的电脑上，用这个密码打开数据文件。至少 %1 个字符。</source>
        <translation>没有系统钥匙串的电脑上，用这个密码打开数据文件。至少 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/passphrase_dialog.py" line="62"/>
        <source>两次输入不一致。</source>
        <translation>两次输入不一致。</translation>
    </message>
</context>
<context>
    <name>PaymentForm</name>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="175"/>
        <source>编辑到账</source>
        <translation>编辑到账</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contracts.py" line="175"/>
        <source>添加到账</source>
        <translation>添加到账</translation>
    </message>
</context>
<context>
    <name>PaymentsModel</name>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="52"/>
        <source>到账日期</source>
        <translation>到账日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="53"/>
        <source>金额（元）</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="54"/>
        <source>发票号</source>
        <translation>发票号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="55"/>
        <source>银行凭证号</source>
        <translation>银行凭证号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/contract_detail.py" line="56"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>PeriodReportDialog</name>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="175"/>
        <source>期间工作报表</source>
        <translation>期间工作报表</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="183"/>
        <source>走访、需求、对接、合同、到账和奖励申请，每类一张表，并附汇总。</source>
        <translation>走访、需求、对接、合同、到账和奖励申请，每类一张表，并附汇总。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="191"/>
        <source>开始日期</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="192"/>
        <source>结束日期</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="198"/>
        <source>保存报表</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="198"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="205"/>
        <source>正在生成报表…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="215"/>
        <source>报表已保存：%1</source>
        <translation>报表已保存：%1</translation>
    </message>
</context>
<context>
    <name>PipelineWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/pipeline.py" line="62"/>
        <source>对接</source>
        <translation>对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline.py" line="62"/>
        <source>筛选：需求、技术成果、企业名称或拼音首字母…（Ctrl+F）</source>
        <translation>筛选：需求、技术成果、企业名称或拼音首字母…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline.py" line="65"/>
        <location filename="../../ui/workspaces/pipeline.py" line="264"/>
        <source>新建对接</source>
        <translation>新建对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline.py" line="68"/>
        <source>知道了</source>
        <translation>知道了</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/pipeline.py" line="151"/>
        <source>共 %n 项对接</source>
        <translation>
            <numerusform>共 %n 项对接</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline.py" line="165"/>
        <source>读取对接失败，详情见日志。</source>
        <translation>读取对接失败，详情见日志。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/pipeline.py" line="296"/>
        <source>已删除 %n 项对接</source>
        <translation>
            <numerusform>已删除 %n 项对接</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="51"/>
        <source>政策与版本</source>
        <translation>政策与版本</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="51"/>
        <source>生效日期</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="51"/>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="65"/>
        <location filename="../../ui/workspaces/settings/policies.py" line="201"/>
        <source>修改此版本…</source>
        <translation>修改此版本…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="67"/>
        <source>以此为基础新建版本…</source>
        <translation>以此为基础新建版本…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="69"/>
        <source>设为默认政策</source>
        <translation>设为默认政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="95"/>
        <source>奖励政策</source>
        <translation>奖励政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="99"/>
        <source>奖励申请按所选政策版本计算，并保存该版本的快照。修改政策请新建版本；已被提交的申请使用的版本只读。新的申请默认使用“默认政策”的最新版本。</source>
        <translation>奖励申请按所选政策版本计算，并保存该版本的快照。修改政策请新建版本；已被提交的申请使用的版本只读。新的申请默认使用“默认政策”的最新版本。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="138"/>
        <source>（默认）</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="140"/>
        <source>第 %1 版</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="148"/>
        <source>已停用</source>
        <translation>已停用</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/settings/policies.py" line="150"/>
        <source>已用于 %n 份申请（只读）</source>
        <translation>
            <numerusform>已用于 %n 份申请（只读）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="152"/>
        <source>可修改</source>
        <translation>可修改</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="185"/>
        <source>请在左侧选择一个政策版本。</source>
        <translation>请在左侧选择一个政策版本。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/settings/policies.py" line="192"/>
        <source>此版本已被 %n 份已提交的奖励申请使用，只读：修改会改变这些申请所依据的规则。可以以此为基础新建版本。</source>
        <translation>
            <numerusform>此版本已被 %n 份已提交的奖励申请使用，只读：修改会改变这些申请所依据的规则。可以以此为基础新建版本。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="198"/>
        <source>查看此版本…</source>
        <translation>查看此版本…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="219"/>
        <source>已创建 %1 第 %2 版。</source>
        <translation>已创建 %1 第 %2 版。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="221"/>
        <source>已保存第 %1 版的修改。</source>
        <translation>已保存第 %1 版的修改。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policies.py" line="236"/>
        <source>新的奖励申请将默认使用“%1”。</source>
        <translation>新的奖励申请将默认使用“%1”。</translation>
    </message>
</context>
<context>
    <name>PolicyVersionDialog</name>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="104"/>
        <source>以第 %1 版为基础新建版本</source>
        <translation>以第 %1 版为基础新建版本</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="106"/>
        <source>修改第 %1 版</source>
        <translation>修改第 %1 版</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="112"/>
        <source>此版本已被 %n 份已提交的奖励申请使用，不能修改：修改会改变这些申请所依据的规则。如政策有变化，请关闭后点击“以此为基础新建版本”。</source>
        <translation>
            <numerusform>此版本已被 %n 份已提交的奖励申请使用，不能修改：修改会改变这些申请所依据的规则。如政策有变化，请关闭后点击“以此为基础新建版本”。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="133"/>
        <source>如 甬科〔2024〕12号；印在申请表上</source>
        <translation>如 甬科〔2024〕12号；印在申请表上</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="136"/>
        <source>留空表示自成一组</source>
        <translation>留空表示自成一组</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="138"/>
        <source>同一组的奖励互相抵减上限：同一合同已申请的同组奖励计入“已申请”；不同组的奖励可以叠加。</source>
        <translation>同一组的奖励互相抵减上限：同一合同已申请的同组奖励计入“已申请”；不同组的奖励可以叠加。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="169"/>
        <source>上限（元，末档留空）</source>
        <translation>上限（元，末档留空）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="169"/>
        <source>比例（%）</source>
        <translation>比例（%）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="169"/>
        <source>本档封顶（元）</source>
        <translation>本档封顶（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="180"/>
        <source>添加一档</source>
        <translation>添加一档</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="182"/>
        <source>删除所选档</source>
        <translation>删除所选档</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="186"/>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="189"/>
        <source>留空表示不设上限</source>
        <translation>留空表示不设上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="200"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="200"/>
        <source>必备</source>
        <translation>必备</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="200"/>
        <source>适用于</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="240"/>
        <source>奖励比例</source>
        <translation>奖励比例</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="241"/>
        <source>分档</source>
        <translation>分档</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="243"/>
        <source>政策名称</source>
        <translation>政策名称</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="244"/>
        <source>文号</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="245"/>
        <source>叠加分组</source>
        <translation>叠加分组</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="246"/>
        <source>生效日期</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="247"/>
        <source>失效日期</source>
        <translation>失效日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="248"/>
        <source>计算基数</source>
        <translation>计算基数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="249"/>
        <source>计算方式</source>
        <translation>计算方式</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="252"/>
        <source>起奖门槛（元）</source>
        <translation>起奖门槛（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="253"/>
        <source>单个项目上限（元）</source>
        <translation>单个项目上限（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="254"/>
        <source>每人每年上限（元）</source>
        <translation>每人每年上限（元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="255"/>
        <source>取整</source>
        <translation>取整</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="256"/>
        <source>附件（勾选为必备）</source>
        <translation>附件（勾选为必备）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="284"/>
        <source>创建新版本</source>
        <translation>创建新版本</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="284"/>
        <source>保存修改</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="289"/>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="289"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="295"/>
        <source>新版本保存为第 %1 版，之后的新申请按新版本计算；已有的申请仍按各自保存的版本。</source>
        <translation>新版本保存为第 %1 版，之后的新申请按新版本计算；已有的申请仍按各自保存的版本。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="299"/>
        <source>修改只影响之后新建的申请；已建的申请（包括草稿）按创建时保存的规则计算。</source>
        <translation>修改只影响之后新建的申请；已建的申请（包括草稿）按创建时保存的规则计算。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="315"/>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="316"/>
        <source>不设上限</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="317"/>
        <source>长期有效</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="318"/>
        <source>无</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="366"/>
        <source>比例应在 0 到 100 之间（单位：%）</source>
        <translation>比例应在 0 到 100 之间（单位：%）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="404"/>
        <location filename="../../ui/workspaces/settings/policy_dialog.py" line="493"/>
        <source>第 %1 档：%2</source>
        <translation>第 %1 档：%2</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="204"/>
        <source>预览</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="205"/>
        <source>检查每一行：新增、更新、无变化或有错误。此时尚未写入任何数据。</source>
        <translation>检查每一行：新增、更新、无变化或有错误。此时尚未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="210"/>
        <source>行</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="210"/>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="210"/>
        <source>列</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="210"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="213"/>
        <source>只导入正确的行（跳过有错误的行）</source>
        <translation>只导入正确的行（跳过有错误的行）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="214"/>
        <source>名称相近的企业视为同一家（更新已有企业，否则新增）</source>
        <translation>名称相近的企业视为同一家（更新已有企业，否则新增）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="215"/>
        <source>保存问题清单…</source>
        <translation>保存问题清单…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="232"/>
        <source>正在检查…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="258"/>
        <source>共 %1 行：新增 %2，更新 %3，无变化 %4，有错误 %5</source>
        <translation>共 %1 行：新增 %2，更新 %3，无变化 %4，有错误 %5</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="289"/>
        <source>保存问题清单</source>
        <translation>保存问题清单</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="289"/>
        <source>Excel 表格 (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="53"/>
        <source>保存档案</source>
        <translation>保存档案</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="56"/>
        <source>撤销修改</source>
        <translation>撤销修改</translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="122"/>
        <source>奖励申请表上的申请人信息取自这里。身份证号、证书编号、电话和银行账户在申请奖励时必填。</source>
        <translation>奖励申请表上的申请人信息取自这里。身份证号、证书编号、电话和银行账户在申请奖励时必填。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="125"/>
        <source>经纪人档案</source>
        <translation>经纪人档案</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="151"/>
        <source>✓ 档案完整，可以用于奖励申请。</source>
        <translation>✓ 档案完整，可以用于奖励申请。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="155"/>
        <source>申请奖励前还需填写：%1</source>
        <translation>申请奖励前还需填写：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="161"/>
        <source>申请奖励时必填</source>
        <translation>申请奖励时必填</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="17"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../ui/qt_strings.py" line="18"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <location filename="../../ui/qt_strings.py" line="19"/>
        <source>Page &amp;Set:</source>
        <translation>页面组(&amp;S)：</translation>
    </message>
</context>
<context>
    <name>RecoveryEntryDialog</name>
    <message>
        <location filename="../../ui/security_dialogs.py" line="190"/>
        <source>输入恢复密钥</source>
        <translation>输入恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="193"/>
        <source>请输入 %1 的恢复密钥（恢复密钥单上的 14 组字母和数字，大小写和短横线均可）：</source>
        <translation>请输入 %1 的恢复密钥（恢复密钥单上的 14 组字母和数字，大小写和短横线均可）：</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyDialog</name>
    <message>
        <location filename="../../ui/security_dialogs.py" line="122"/>
        <source>恢复密钥（只显示这一次）</source>
        <translation>恢复密钥（只显示这一次）</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="126"/>
        <source>数据文件已加密。下面的恢复密钥只显示这一次：电脑损坏、换电脑或忘记密码时，用它打开数据文件和备份。请抄写或打印恢复密钥单，和电脑分开保管。</source>
        <translation>数据文件已加密。下面的恢复密钥只显示这一次：电脑损坏、换电脑或忘记密码时，用它打开数据文件和备份。请抄写或打印恢复密钥单，和电脑分开保管。</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="142"/>
        <source>保存恢复密钥单 PDF…</source>
        <translation>保存恢复密钥单 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="148"/>
        <source>我已抄写或保存了恢复密钥，并会妥善保管</source>
        <translation>我已抄写或保存了恢复密钥，并会妥善保管</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="152"/>
        <source>继续</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="166"/>
        <source>保存恢复密钥单</source>
        <translation>保存恢复密钥单</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="179"/>
        <source>无法保存</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../ui/security_dialogs.py" line="182"/>
        <source>已保存：%1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/recovery_key_dialog.py" line="25"/>
        <source>新的恢复密钥</source>
        <translation>新的恢复密钥</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/recovery_key_dialog.py" line="31"/>
        <source>复制</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/recovery_key_dialog.py" line="33"/>
        <source>我已抄下</source>
        <translation>我已抄下</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/recovery_key_dialog.py" line="43"/>
        <source>密钥已更换。这是新的恢复密钥，只显示这一次：请抄写或打印后妥善保管，不要存放在这台电脑上。电脑损坏或更换电脑时，用它打开数据文件及之后的备份。</source>
        <translation>密钥已更换。这是新的恢复密钥，只显示这一次：请抄写或打印后妥善保管，不要存放在这台电脑上。电脑损坏或更换电脑时，用它打开数据文件及之后的备份。</translation>
    </message>
</context>
<context>
    <name>ReferenceEdit</name>
    <message>
        <location filename="../../ui/editors.py" line="134"/>
        <source>输入名称、拼音首字母或代码</source>
        <translation>输入名称、拼音首字母或代码</translation>
    </message>
</context>
<context>
    <name>Screenshots</name>
    <message>
        <location filename="../../ui/screenshots.py" line="66"/>
        <source>新建企业</source>
        <translation>新建企业</translation>
    </message>
    <message>
        <location filename="../../ui/screenshots.py" line="83"/>
        <source>编辑企业</source>
        <translation>编辑企业</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="112"/>
        <source>企业二楼会议室</source>
        <translation>企业二楼会议室</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="113"/>
        <source>与技术副总座谈：复合材料车间良品率约80%，热压罐工艺周期长；污水站需要在线监测重金属。</source>
        <translation>与技术副总座谈：复合材料车间良品率约80%，热压罐工艺周期长；污水站需要在线监测重金属。</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="118"/>
        <source>张伟</source>
        <translation>张伟</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="119"/>
        <source>技术总监</source>
        <translation>技术总监</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="127"/>
        <source>碳纤维复合材料快速成型工艺</source>
        <translation>碳纤维复合材料快速成型工艺</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="128"/>
        <source>热压罐工艺周期长，良品率约80%</source>
        <translation>热压罐工艺周期长，良品率约80%</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="129"/>
        <source>成型周期≤15分钟，拉伸强度≥800MPa</source>
        <translation>成型周期≤15分钟，拉伸强度≥800MPa</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="130"/>
        <source>良品率提升到95%，年节约成本300万元</source>
        <translation>良品率提升到95%，年节约成本300万元</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="131"/>
        <source>碳纤维，复合材料，快速成型</source>
        <translation>碳纤维，复合材料，快速成型</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="135"/>
        <source>废水重金属在线监测</source>
        <translation>废水重金属在线监测</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="136"/>
        <source>人工取样化验，结果滞后一天</source>
        <translation>人工取样化验，结果滞后一天</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="137"/>
        <source>检出限≤0.01mg/L，连续运行≥30天</source>
        <translation>检出限≤0.01mg/L，连续运行≥30天</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="138"/>
        <source>超标即时报警，满足排放许可要求</source>
        <translation>超标即时报警，满足排放许可要求</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/recovery.py" line="139"/>
        <source>重金属，在线监测</source>
        <translation>重金属，在线监测</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <location filename="../../ui/global_search.py" line="194"/>
        <source>%1（%2）</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../ui/workspaces/settings/profile.py" line="44"/>
        <source>经纪人档案</source>
        <translation>经纪人档案</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="19"/>
        <source>个人经纪人</source>
        <translation>个人经纪人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="20"/>
        <source>经纪机构</source>
        <translation>经纪机构</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="21"/>
        <source>全部申请人</source>
        <translation>全部申请人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="28"/>
        <source>第 %1 版</source>
        <translation>第 %1 版</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="34"/>
        <source>文号</source>
        <translation>文号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="36"/>
        <source>叠加分组</source>
        <translation>叠加分组</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="37"/>
        <source>自成一组</source>
        <translation>自成一组</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="39"/>
        <source>同一组的奖励互相抵减上限；不同组的奖励可以叠加。</source>
        <translation>同一组的奖励互相抵减上限；不同组的奖励可以叠加。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="43"/>
        <source>适用地区</source>
        <translation>适用地区</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="48"/>
        <source>生效期间</source>
        <translation>生效期间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="51"/>
        <source>长期有效</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="53"/>
        <source>计算基数</source>
        <translation>计算基数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="54"/>
        <source>计算方式</source>
        <translation>计算方式</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="57"/>
        <source>奖励比例</source>
        <translation>奖励比例</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="62"/>
        <source>%1 元以上</source>
        <translation>%1 元以上</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="65"/>
        <source>%1 – %2 元</source>
        <translation>%1 – %2 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="71"/>
        <source>，本档最多 %1 元</source>
        <translation>，本档最多 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="75"/>
        <source>（各段分别按本段比例计算后相加）</source>
        <translation>（各段分别按本段比例计算后相加）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="77"/>
        <source>（按基数所在档的比例对全额计算）</source>
        <translation>（按基数所在档的比例对全额计算）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="81"/>
        <source>分档</source>
        <translation>分档</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="87"/>
        <source>起奖门槛</source>
        <translation>起奖门槛</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="88"/>
        <source>基数达到 %1 元</source>
        <translation>基数达到 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="90"/>
        <source>无</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="93"/>
        <source>不设上限</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="96"/>
        <source>单个项目上限</source>
        <translation>单个项目上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="98"/>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="108"/>
        <source> 元</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="106"/>
        <source>每人每年上限</source>
        <translation>每人每年上限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="114"/>
        <source>取整</source>
        <translation>取整</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="118"/>
        <source>合同须经技术合同认定登记</source>
        <translation>合同须经技术合同认定登记</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="120"/>
        <source>买方须在本地区</source>
        <translation>买方须在本地区</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="122"/>
        <source>需求须已入库备案</source>
        <translation>需求须已入库备案</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="124"/>
        <source>每份合同只能申请一次</source>
        <translation>每份合同只能申请一次</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="128"/>
        <source>不限</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="130"/>
        <source>合同类型：%1</source>
        <translation>合同类型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="131"/>
        <source>申请条件</source>
        <translation>申请条件</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="136"/>
        <source>（必备）</source>
        <translation>（必备）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="138"/>
        <source>（可选）</source>
        <translation>（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="143"/>
        <source>附件</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="146"/>
        <source>申请表标题</source>
        <translation>申请表标题</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="148"/>
        <source>审核栏</source>
        <translation>审核栏</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="150"/>
        <source>申请人声明</source>
        <translation>申请人声明</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="152"/>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/policy_text.py" line="154"/>
        <source>依据</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="48"/>
        <source>手动</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="50"/>
        <source>自动（关闭时）</source>
        <translation>自动（关闭时）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="52"/>
        <source>自动（每日）</source>
        <translation>自动（每日）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="54"/>
        <source>自动</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="56"/>
        <source>恢复前的数据</source>
        <translation>恢复前的数据</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="58"/>
        <source>升级前的数据</source>
        <translation>升级前的数据</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/data.py" line="59"/>
        <source>其他</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>SettingsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/settings/workspace.py" line="30"/>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/workspace.py" line="46"/>
        <source>经纪人档案</source>
        <translation>经纪人档案</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/workspace.py" line="47"/>
        <source>奖励政策</source>
        <translation>奖励政策</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/workspace.py" line="48"/>
        <source>语言</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/settings/workspace.py" line="49"/>
        <source>数据</source>
        <translation>数据</translation>
    </message>
</context>
<context>
    <name>SharesModel</name>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="116"/>
        <source>经纪人</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="116"/>
        <source>比例（%）</source>
        <translation>比例（%）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/claim_tables.py" line="116"/>
        <source>金额（元）</source>
        <translation>金额（元）</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="100"/>
        <source>选择工作表</source>
        <translation>选择工作表</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="114"/>
        <source>%1（%2 行）</source>
        <translation>%1（%2 行）</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/wizard.py" line="129"/>
        <source>这个工作表是空的</source>
        <translation>这个工作表是空的</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/about.py" line="84"/>
        <source>键盘快捷键</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="88"/>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="88"/>
        <source>快捷键</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <location filename="../../ui/workspaces/pipeline_board.py" line="420"/>
        <source>已显示 %1 / %2，更多…</source>
        <translation>已显示 %1 / %2，更多…</translation>
    </message>
</context>
<context>
    <name>StatusSteps</name>
    <message>
        <location filename="../../ui/workspaces/needs.py" line="116"/>
        <source>改为“%1”</source>
        <translation>改为“%1”</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="51"/>
        <source>放弃对接</source>
        <translation>放弃对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="53"/>
        <source>移至“%1”</source>
        <translation>移至“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="56"/>
        <source>为什么放弃“%1”的这项对接？</source>
        <translation>为什么放弃“%1”的这项对接？</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="58"/>
        <source>“%1”进入“%2”阶段。</source>
        <translation>“%1”进入“%2”阶段。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="67"/>
        <source>这一步实际发生的日期；事后补记时改成当天的日期。不能晚于今天，也不能早于上一步。</source>
        <translation>这一步实际发生的日期；事后补记时改成当天的日期。不能晚于今天，也不能早于上一步。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="75"/>
        <source>发生日期</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="78"/>
        <source>放弃原因</source>
        <translation>放弃原因</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/pipeline_step.py" line="78"/>
        <source>备注（可不填）</source>
        <translation>备注（可不填）</translation>
    </message>
</context>
<context>
    <name>SyncWidget</name>
    <message>
        <location filename="../../ui/sync_widget.py" line="114"/>
        <source>同步</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="117"/>
        <source>与区服务器同步（上传本机更改，下载他人更新）</source>
        <translation>与区服务器同步（上传本机更改，下载他人更新）</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="121"/>
        <source>连接区服务器…</source>
        <translation>连接区服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="154"/>
        <source>未连接区服务器</source>
        <translation>未连接区服务器</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="157"/>
        <source>上次同步 %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="159"/>
        <source>尚未同步</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="162"/>
        <source>待上传 %1 项</source>
        <translation>待上传 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="164"/>
        <source>冲突 %1 个</source>
        <translation>冲突 %1 个</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="166"/>
        <source>离线</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="177"/>
        <source>已连接</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="178"/>
        <source>本机没有可用的钥匙串，密码不会保存；每次同步时会再询问密码。</source>
        <translation>本机没有可用的钥匙串，密码不会保存；每次同步时会再询问密码。</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="190"/>
        <source>区服务器密码</source>
        <translation>区服务器密码</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="190"/>
        <source>密码：</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="208"/>
        <source>正在同步…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="227"/>
        <source>部分更改未被服务器接受</source>
        <translation>部分更改未被服务器接受</translation>
    </message>
    <message>
        <location filename="../../ui/sync_widget.py" line="228"/>
        <source>服务器拒绝了 %1 项更改，本机已恢复为服务器上的内容：
%2</source>
        <translation>服务器拒绝了 %1 项更改，本机已恢复为服务器上的内容：
%2</translation>
    </message>
</context>
<context>
    <name>TechnologiesWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="95"/>
        <source> 等 %1 项</source>
        <translation> 等 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="242"/>
        <source>成果名称</source>
        <translation>成果名称</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="249"/>
        <source>持有单位</source>
        <translation>持有单位</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="255"/>
        <source>成熟度</source>
        <translation>成熟度</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="262"/>
        <source>转化方式</source>
        <translation>转化方式</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="270"/>
        <source>意向价格（万元）</source>
        <translation>意向价格（万元）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="278"/>
        <source>专利</source>
        <translation>专利</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="284"/>
        <source>备案号</source>
        <translation>备案号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="296"/>
        <source>技术成果</source>
        <translation>技术成果</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="301"/>
        <source>筛选：成果名称…（Ctrl+F）</source>
        <translation>筛选：成果名称…（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>TechnologyDetail</name>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="133"/>
        <source>专利</source>
        <translation>专利</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="141"/>
        <source>简介与专利</source>
        <translation>简介与专利</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="144"/>
        <source>双击到“对接”中查看</source>
        <translation>双击到“对接”中查看</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="146"/>
        <source>已对接需求</source>
        <translation>已对接需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="185"/>
        <source>持有单位</source>
        <translation>持有单位</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="186"/>
        <source>成熟度</source>
        <translation>成熟度</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="187"/>
        <source>转化方式</source>
        <translation>转化方式</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="188"/>
        <source>意向价格</source>
        <translation>意向价格</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="189"/>
        <source>发明人</source>
        <translation>发明人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="190"/>
        <source>IPC</source>
        <translation>IPC</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="191"/>
        <source>备案号</source>
        <translation>备案号</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="192"/>
        <source>关键词</source>
        <translation>关键词</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="193"/>
        <source>来源</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="196"/>
        <source>（没有简介）</source>
        <translation>（没有简介）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="199"/>
        <source>%1&#x3000;%2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="204"/>
        <source>（没有登记专利）</source>
        <translation>（没有登记专利）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="207"/>
        <source>[%1] %2&#x3000;%3</source>
        <translation>[%1] %2&#x3000;%3</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="215"/>
        <source>（还没有对接到需求）</source>
        <translation>（还没有对接到需求）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="216"/>
        <source>已对接需求（%1）</source>
        <translation>已对接需求（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="232"/>
        <source>谁可能需要</source>
        <translation>谁可能需要</translation>
    </message>
</context>
<context>
    <name>TechnologyForm</name>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="62"/>
        <source>编辑技术成果</source>
        <translation>编辑技术成果</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/technologies.py" line="64"/>
        <source>新建技术成果</source>
        <translation>新建技术成果</translation>
    </message>
</context>
<context>
    <name>TodayWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/today.py" line="236"/>
        <source>今日</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="244"/>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="269"/>
        <source>本月走访</source>
        <translation>本月走访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="270"/>
        <source>待回访</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="271"/>
        <source>在办需求</source>
        <translation>在办需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="272"/>
        <source>对接中</source>
        <translation>对接中</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="273"/>
        <source>本年合同成交额</source>
        <translation>本年合同成交额</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="274"/>
        <source>本年到账</source>
        <translation>本年到账</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="275"/>
        <source>本年奖励已申请</source>
        <translation>本年奖励已申请</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="276"/>
        <source>本年奖励已发放</source>
        <translation>本年奖励已发放</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="284"/>
        <source>本月开始的走访次数（按本地时间）</source>
        <translation>本月开始的走访次数（按本地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="286"/>
        <source>走访时约定的回访日期已过或在 14 天内，且之后还没有再次走访该企业</source>
        <translation>走访时约定的回访日期已过或在 14 天内，且之后还没有再次走访该企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="288"/>
        <source>尚未签约或关闭的技术需求</source>
        <translation>尚未签约或关闭的技术需求</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="289"/>
        <source>既未签约也未放弃的对接</source>
        <translation>既未签约也未放弃的对接</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="290"/>
        <source>本年签订的合同（按签订日期）</source>
        <translation>本年签订的合同（按签订日期）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="291"/>
        <source>本年收到的合同款（按到账日期）</source>
        <translation>本年收到的合同款（按到账日期）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="293"/>
        <source>本年申请日期的奖励申请中已提交、已批准和已发放的金额；被修订版本取代的申请不计</source>
        <translation>本年申请日期的奖励申请中已提交、已批准和已发放的金额；被修订版本取代的申请不计</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="295"/>
        <source>本年申请日期的奖励申请中已发放的金额</source>
        <translation>本年申请日期的奖励申请中已发放的金额</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="308"/>
        <source>没有待回访的企业。
走访时填写“回访日期”，到期前两周会出现在这里。</source>
        <translation>没有待回访的企业。
走访时填写“回访日期”，到期前两周会出现在这里。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="313"/>
        <source>待回访（已逾期及 14 天内）</source>
        <translation>待回访（已逾期及 14 天内）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="319"/>
        <source>对接阶段</source>
        <translation>对接阶段</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="321"/>
        <source>本年奖励金额（按状态）</source>
        <translation>本年奖励金额（按状态）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="373"/>
        <source>正在统计…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="404"/>
        <source>统计失败，详情见日志。</source>
        <translation>统计失败，详情见日志。</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="418"/>
        <source>（演示数据的日期）</source>
        <translation>（演示数据的日期）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="419"/>
        <source>更新于 %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="423"/>
        <source>次</source>
        <translation>次</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="424"/>
        <source>上月 %1 次 · 本年 %2 次，走访企业 %3 家</source>
        <translation>上月 %1 次 · 本年 %2 次，走访企业 %3 家</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="432"/>
        <source>家</source>
        <translation>家</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="433"/>
        <source>已逾期 %1 · 14 天内 %2</source>
        <translation>已逾期 %1 · 14 天内 %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="440"/>
        <source>项</source>
        <translation>项</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="446"/>
        <source>个</source>
        <translation>个</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="447"/>
        <source>已签约 %1 · 已放弃 %2</source>
        <translation>已签约 %1 · 已放弃 %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="453"/>
        <source>%1 份合同，技术交易额 %2</source>
        <translation>%1 份合同，技术交易额 %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="465"/>
        <source>占已申请金额的 %1%</source>
        <translation>占已申请金额的 %1%</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="460"/>
        <source>其中已批准 %1 元</source>
        <translation>其中已批准 %1 元</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/today.py" line="480"/>
        <source>逾期 %n 天</source>
        <translation>
            <numerusform>逾期 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="482"/>
        <source>今天</source>
        <translation>今天</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/workspaces/today.py" line="484"/>
        <source>%n 天后</source>
        <translation>
            <numerusform>%n 天后</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="486"/>
        <source>%1 · 回访日 %2</source>
        <translation>%1 · 回访日 %2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="490"/>
        <source>上次走访 %1；单击打开这次走访</source>
        <translation>上次走访 %1；单击打开这次走访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="506"/>
        <source>万元</source>
        <translation>万元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="509"/>
        <source>元</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="248"/>
        <source>导出期间报表…</source>
        <translation>导出期间报表…</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/today.py" line="252"/>
        <source>走访、需求、对接、合同、到账和奖励申请，按起止日期导出为 Excel 工作簿</source>
        <translation>走访、需求、对接、合同、到账和奖励申请，按起止日期导出为 Excel 工作簿</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../ui/listview.py" line="79"/>
        <source>撤销</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>VisitDetail</name>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="90"/>
        <source>走访纪要</source>
        <translation>走访纪要</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="92"/>
        <source>参加人</source>
        <translation>参加人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="97"/>
        <source>发现的需求（双击打开）</source>
        <translation>发现的需求（双击打开）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="103"/>
        <source>编辑走访</source>
        <translation>编辑走访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="105"/>
        <source>再次走访该企业</source>
        <translation>再次走访该企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="107"/>
        <source>为同一企业记录一次新的走访（回访）</source>
        <translation>为同一企业记录一次新的走访（回访）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="140"/>
        <source>%1&#x3000;%2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="146"/>
        <source>地点：%1</source>
        <translation>地点：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="148"/>
        <source>经纪人：%1</source>
        <translation>经纪人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="150"/>
        <source>回访日期：%1</source>
        <translation>回访日期：%1</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="152"/>
        <source>（没有纪要）</source>
        <translation>（没有纪要）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="156"/>
        <source>（没有记录参加人）</source>
        <translation>（没有记录参加人）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="158"/>
        <source>（这次走访没有记录需求）</source>
        <translation>（这次走访没有记录需求）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="161"/>
        <source>%1&#x3000;[%2]</source>
        <translation>%1&#x3000;[%2]</translation>
    </message>
</context>
<context>
    <name>VisitEntryDialog</name>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="72"/>
        <location filename="../../ui/visit_entry/dialog.py" line="424"/>
        <source>编辑走访记录</source>
        <translation>编辑走访记录</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="72"/>
        <source>记录走访</source>
        <translation>记录走访</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="70"/>
        <source>企业与时间</source>
        <translation>企业与时间</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="77"/>
        <source>输入名称、拼音首字母或统一社会信用代码</source>
        <translation>输入名称、拼音首字母或统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="79"/>
        <source>新企业</source>
        <translation>新企业</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="81"/>
        <source>企业还不在列表中：在这里直接建立</source>
        <translation>企业还不在列表中：在这里直接建立</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="87"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="97"/>
        <source>企业全称</source>
        <translation>企业全称</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="100"/>
        <source>18 位，可不填</source>
        <translation>18 位，可不填</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="104"/>
        <source>企业名称</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="107"/>
        <source>统一社会信用代码</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="118"/>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="123"/>
        <source>如：企业会议室</source>
        <translation>如：企业会议室</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="125"/>
        <source>地点</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="132"/>
        <source>回访日期</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="136"/>
        <source>参加人员</source>
        <translation>参加人员</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="139"/>
        <source>经纪人</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="147"/>
        <source>企业参加人</source>
        <translation>企业参加人</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="162"/>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="165"/>
        <source>职务</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="168"/>
        <source>手机</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="169"/>
        <source>添加</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="172"/>
        <source>把新联系人加入参加人；保存走访时一并建立</source>
        <translation>把新联系人加入参加人；保存走访时一并建立</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="173"/>
        <source>新联系人</source>
        <translation>新联系人</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="192"/>
        <source>走访纪要</source>
        <translation>走访纪要</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="194"/>
        <source>谈了什么、企业现状、下一步……</source>
        <translation>谈了什么、企业现状、下一步……</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="201"/>
        <source>发现的需求</source>
        <translation>发现的需求</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="203"/>
        <source>＋ 添加需求</source>
        <translation>＋ 添加需求</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="206"/>
        <source>再记录一项需求（Ctrl+N）</source>
        <translation>再记录一项需求（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="227"/>
        <source>忽略警告并保存</source>
        <translation>忽略警告并保存</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="232"/>
        <source>保存（Ctrl+S）</source>
        <translation>保存（Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="235"/>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="165"/>
        <source>（本人）</source>
        <translation>（本人）</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="375"/>
        <source>（新）</source>
        <translation>（新）</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="380"/>
        <source>保存走访时建立此联系人；取消勾选则不建立</source>
        <translation>保存走访时建立此联系人；取消勾选则不建立</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="290"/>
        <source>请填写新联系人的姓名</source>
        <translation>请填写新联系人的姓名</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="429"/>
        <source>已恢复 %1 自动保存的草稿。核对后保存即可。</source>
        <translation>已恢复 %1 自动保存的草稿。核对后保存即可。</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="453"/>
        <source>草稿已自动保存 %1</source>
        <translation>草稿已自动保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/dialog.py" line="457"/>
        <source>草稿无法保存：%1</source>
        <translation>草稿无法保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="310"/>
        <source>没有名为“%1”的企业：请从列表中选择，或勾选“新企业”</source>
        <translation>没有名为“%1”的企业：请从列表中选择，或勾选“新企业”</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="333"/>
        <source>新联系人“%1”：%2</source>
        <translation>新联系人“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="344"/>
        <source>请核对标为黄色的提示；确认无误可点击“忽略警告并保存”。</source>
        <translation>请核对标为黄色的提示；确认无误可点击“忽略警告并保存”。</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="353"/>
        <source>没有保存：有 %n 处需要修改（已在下方标红），填写的内容都还在。</source>
        <translation>没有保存：有 %n 处需要修改（已在下方标红），填写的内容都还在。</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="361"/>
        <source>没有保存：请检查填写的内容。</source>
        <translation>没有保存：请检查填写的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="388"/>
        <source>走访还没有保存</source>
        <translation>走访还没有保存</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="389"/>
        <source>这次走访还没有保存。要保留草稿，下次打开时继续吗？</source>
        <translation>这次走访还没有保存。要保留草稿，下次打开时继续吗？</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="396"/>
        <source>保留草稿</source>
        <translation>保留草稿</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="397"/>
        <source>放弃草稿</source>
        <translation>放弃草稿</translation>
    </message>
    <message>
        <location filename="../../ui/visit_entry/form.py" line="398"/>
        <source>继续填写</source>
        <translation>继续填写</translation>
    </message>
</context>
<context>
    <name>VisitsWorkspace</name>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="37"/>
        <source>（逾期）</source>
        <translation>（逾期）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="179"/>
        <source>日期时间</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="182"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="188"/>
        <source>回访日期</source>
        <translation>回访日期</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="195"/>
        <source>地点</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="202"/>
        <source>经纪人</source>
        <translation>经纪人</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="208"/>
        <source>参加人数</source>
        <translation>参加人数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="215"/>
        <source>需求数</source>
        <translation>需求数</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="222"/>
        <source>纪要</source>
        <translation>纪要</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="233"/>
        <source>走访</source>
        <translation>走访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="238"/>
        <source>筛选：企业名称、拼音首字母、地点、纪要…（Ctrl+F）</source>
        <translation>筛选：企业名称、拼音首字母、地点、纪要…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="239"/>
        <source>记录走访</source>
        <translation>记录走访</translation>
    </message>
    <message>
        <location filename="../../ui/workspaces/visits.py" line="240"/>
        <source>现场快速记录：企业、参加人、纪要和需求，自动保存草稿</source>
        <translation>现场快速记录：企业、参加人、纪要和需求，自动保存草稿</translation>
    </message>
</context>
<context>
    <name>WhoMightWantPanel</name>
    <message>
        <location filename="../../ui/match_panels.py" line="530"/>
        <source>为该需求接受此成果</source>
        <translation>为该需求接受此成果</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="533"/>
        <source>忽略</source>
        <translation>忽略</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="546"/>
        <source>匹配分</source>
        <translation>匹配分</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="546"/>
        <source>技术需求</source>
        <translation>技术需求</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="546"/>
        <source>企业</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="546"/>
        <source>主要理由</source>
        <translation>主要理由</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="549"/>
        <source>共 %1 项可能需要的需求</source>
        <translation>共 %1 项可能需要的需求</translation>
    </message>
</context>
<context>
    <name>_PluralTexts</name>
    <message numerus="yes">
        <location filename="../../ui/listview.py" line="52"/>
        <source>共 %n 条</source>
        <translation>
            <numerusform>共 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/listview.py" line="55"/>
        <source>已删除 %n 条记录</source>
        <translation>
            <numerusform>已删除 %n 条记录</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_RankingPanel</name>
    <message>
        <location filename="../../ui/match_panels.py" line="237"/>
        <source>匹配分</source>
        <translation>匹配分</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="237"/>
        <source>名称</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="237"/>
        <source>单位</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="237"/>
        <source>主要理由</source>
        <translation>主要理由</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="258"/>
        <source>正在匹配…</source>
        <translation>正在匹配…</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="271"/>
        <source>匹配失败：%1</source>
        <translation>匹配失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="284"/>
        <source>共 %1 项</source>
        <translation>共 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="303"/>
        <source>已对接：%1</source>
        <translation>已对接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="305"/>
        <source>已忽略</source>
        <translation>已忽略</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="312"/>
        <source>匹配分 %1</source>
        <translation>匹配分 %1</translation>
    </message>
    <message>
        <location filename="../../ui/match_panels.py" line="313"/>
        <source>匹配词：</source>
        <translation>匹配词：</translation>
    </message>
</context>
<context>
    <name>_Texts</name>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="37"/>
        <source>导出列表</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="40"/>
        <source>Excel 表格 (*.xlsx);;CSV 文件（UTF-8） (*.csv)</source>
        <translation>Excel 表格 (*.xlsx);;CSV 文件（UTF-8） (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/import_wizard/exports.py" line="43"/>
        <source>已导出 %1 行到 %2</source>
        <translation>已导出 %1 行到 %2</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="113"/>
        <location filename="../../ui/security_dialogs.py" line="431"/>
        <source>无法完成操作</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="117"/>
        <source>出现意外错误</source>
        <translation>出现意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="118"/>
        <source>操作没有完成，已保存的数据不受影响。详细信息已写入日志文件，可将其发送给技术支持。</source>
        <translation>操作没有完成，已保存的数据不受影响。详细信息已写入日志文件，可将其发送给技术支持。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="266"/>
        <source>技术经纪人工作台已在运行，已切换到它的窗口。</source>
        <translation>技术经纪人工作台已在运行，已切换到它的窗口。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="271"/>
        <source>数据目录正被使用</source>
        <translation>数据目录正被使用</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="272"/>
        <source>另一个技术经纪人工作台（进程 %1）正在使用这个数据目录：
%2
请先关闭它，或用 --data-dir 打开其他目录。</source>
        <translation>另一个技术经纪人工作台（进程 %1）正在使用这个数据目录：
%2
请先关闭它，或用 --data-dir 打开其他目录。</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="350"/>
        <source>无法打开数据文件</source>
        <translation>无法打开数据文件</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="393"/>
        <source>自动备份失败</source>
        <translation>自动备份失败</translation>
    </message>
</context>
</TS>
